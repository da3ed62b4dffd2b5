import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_HEIGHT_PX,
  SIGNATURE_RULES,
  compositeSignatureLayer,
  layerFromInk,
  outlinePixels,
  signatureBox,
} from '@style-license/shared';
import { stampGeometry, storedSignature, trimBounds, type Rgba } from './stamp';

function solid(width: number, height: number, rgba: [number, number, number, number]): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

describe('stamp geometry', () => {
  const sizes = [
    { width: 512, height: 512 },
    { width: 768, height: 512 },
    { width: 1024, height: 1536 },
    { width: 333, height: 97 },
    { width: 4000, height: 3000 },
  ];
  const signatures = [
    { width: 480, height: 160 },
    { width: 960, height: 160 },
    { width: 160, height: 160 },
  ];
  it('places the ink exactly where shared signatureBox does, with the shared outline width', () => {
    for (const image of sizes)
      for (const signature of signatures) {
        const geometry = stampGeometry(image, signature);
        expect(geometry.box).toEqual(signatureBox(image, signature));
        expect(geometry.outline).toBe(outlinePixels(image.width));
        expect(geometry.footprint).toEqual({
          left: geometry.box.left - geometry.outline,
          top: geometry.box.top - geometry.outline,
          width: geometry.box.width + 2 * geometry.outline,
          height: geometry.box.height + 2 * geometry.outline,
        });
      }
  });

  it('sizes the stamp at the shared share of the width, bottom right inside the margin', () => {
    const { box } = stampGeometry({ width: 1000, height: 800 }, { width: 480, height: 160 });
    expect(box.width).toBe(1000 * SIGNATURE_RULES.widthRatio);
    expect(box.left + box.width).toBe(1000 - 1000 * SIGNATURE_RULES.marginRatio);
    expect(box.top + box.height).toBe(800 - 1000 * SIGNATURE_RULES.marginRatio);
  });

  it('normalises like the server: stored height fixed, width capped at 6:1 and centred', () => {
    expect(storedSignature({ width: 300, height: 100 }).size).toEqual({
      width: 480,
      height: SIGNATURE_HEIGHT_PX,
    });
    const long = storedSignature({ width: 2000, height: 100 });
    expect(long.size).toEqual({ width: 960, height: SIGNATURE_HEIGHT_PX });
    expect(long.ink).toEqual({ left: 0, top: 56, width: 960, height: 48 });
  });

  it('trims the border the colour of the top-left pixel', () => {
    const image = solid(40, 30, [255, 255, 255, 0]);
    for (let y = 10; y < 20; y++)
      for (let x = 5; x < 25; x++) image.data.set([10, 10, 10, 255], (y * 40 + x) * 4);
    expect(trimBounds(image)).toEqual({ left: 5, top: 10, width: 20, height: 10 });
    expect(trimBounds(solid(8, 8, [0, 0, 0, 0]))).toBeNull();
  });
});

describe('stamp layer', () => {
  it('outlines dark ink in white, light ink in black', () => {
    const image = { width: 512, height: 512 };
    const box = stampGeometry(image, { width: 480, height: 160 }).box;
    expect(layerFromInk(solid(box.width, box.height, [20, 20, 30, 255]), box, 512).outlineColour).toBe(
      'white',
    );
    expect(layerFromInk(solid(box.width, box.height, [240, 240, 200, 255]), box, 512).outlineColour).toBe(
      'black',
    );
  });

  it('changes only the footprint, at the rules opacity', () => {
    const picture = solid(512, 512, [0, 0, 255, 255]);
    const { box, footprint } = stampGeometry(picture, { width: 480, height: 160 });
    const layer = layerFromInk(solid(box.width, box.height, [255, 0, 0, 255]), box, 512);
    compositeSignatureLayer({ ...picture, channels: 4 }, layer);
    const px = (x: number, y: number) =>
      Array.from(picture.data.subarray((y * 512 + x) * 4, (y * 512 + x) * 4 + 4));
    // Opaque red ink at 80% over blue.
    const a = SIGNATURE_RULES.opacity;
    expect(px(box.left + 5, box.top + 5)).toEqual([Math.round(255 * a), 0, Math.round(255 * (1 - a)), 255]);
    expect(px(footprint.left - 1, footprint.top - 1)).toEqual([0, 0, 255, 255]);
    expect(px(10, 10)).toEqual([0, 0, 255, 255]);
  });
});

describe('stamp layer against the worker', () => {
  it('builds the same layer as the GPU worker, which decodes the signature file with sharp', async () => {
    // Both run the shared layer; this holds the worker's decoding and resizing to the same pixels.
    const sharp = (await import('sharp')).default;
    const { buildSignatureLayer } = await import('../../../../gpu-worker/src/signing/signature-layer');
    const image = { width: 600, height: 400 };
    const box = stampGeometry(image, { width: 480, height: 160 }).box;
    const ink = solid(box.width, box.height, [0, 0, 0, 0]);
    for (let y = 0; y < box.height; y++)
      for (let x = 0; x < box.width; x++)
        if (Math.abs(y - box.height / 2 - 8 * Math.sin(x / 6)) < 3)
          ink.data.set([30, 40, 120, 255], (y * box.width + x) * 4);
    const png = await sharp(Buffer.from(ink.data), {
      raw: { width: box.width, height: box.height, channels: 4 },
    })
      .png()
      .toBuffer();
    const worker = await buildSignatureLayer(png, image);
    const ours = layerFromInk(ink, box, image.width);
    expect(ours.box).toEqual(worker.box);
    expect(ours.footprint).toEqual(worker.footprint);
    expect(ours.outlineColour).toBe(worker.outlineColour);
    let maxDiff = 0;
    for (let i = 0; i < ours.premultiplied.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(ours.premultiplied[i]! - worker.premultiplied[i]!));
    expect(maxDiff).toBeLessThan(1e-6);
  });
});
