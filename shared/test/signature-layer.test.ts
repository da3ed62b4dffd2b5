// The stamp's arithmetic, which the worker and the web preview share: outline colour by the ink, the rules'
// opacity, and nothing outside the footprint touched.
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_RULES,
  compositeSignatureLayer,
  discOffsets,
  layerFromInk,
  outlinePixels,
  signatureBox,
  type RawPixels,
} from '../src/index';

const solid = (width: number, height: number, rgba: number[], channels: 3 | 4 = 4): RawPixels => {
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) data.set(rgba.slice(0, channels), i * channels);
  return { data, width, height, channels };
};

describe('the signature layer', () => {
  const image = { width: 512, height: 512 };
  const box = signatureBox(image, { width: 480, height: 160 });

  it('outlines dark ink in white and light ink in black, as wide as the rules say', () => {
    const dark = layerFromInk(solid(box.width, box.height, [20, 20, 30, 255]), box, image.width);
    expect(dark.outlineColour).toBe('white');
    expect(dark.outline).toBe(outlinePixels(image.width));
    expect(dark.footprint).toEqual({
      left: box.left - dark.outline,
      top: box.top - dark.outline,
      width: box.width + 2 * dark.outline,
      height: box.height + 2 * dark.outline,
    });
    expect(layerFromInk(solid(box.width, box.height, [240, 240, 200, 255]), box, 512).outlineColour).toBe(
      'black',
    );
  });

  it('refuses ink that does not fill its box', () => {
    expect(() => layerFromInk(solid(box.width - 1, box.height, [0, 0, 0, 255]), box, 512)).toThrow(/fill/);
  });

  it('blends at the rules opacity inside the footprint and changes nothing outside it, RGB or RGBA', () => {
    for (const channels of [3, 4] as const) {
      const picture = solid(512, 512, [0, 0, 255, 255], channels);
      const layer = layerFromInk(solid(box.width, box.height, [255, 0, 0, 255]), box, 512);
      compositeSignatureLayer(picture, layer);
      const px = (x: number, y: number) =>
        Array.from(picture.data.subarray((y * 512 + x) * channels, (y * 512 + x) * channels + 3));
      const a = SIGNATURE_RULES.opacity;
      expect(px(box.left + 5, box.top + 5)).toEqual([Math.round(255 * a), 0, Math.round(255 * (1 - a))]);
      expect(px(layer.footprint.left - 1, layer.footprint.top - 1)).toEqual([0, 0, 255]);
      expect(px(10, 10)).toEqual([0, 0, 255]);
    }
  });

  it('dilates by a digital disc: the full 3×3 at radius 1', () => {
    expect(discOffsets(1)).toHaveLength(9);
    expect(discOffsets(2)).toHaveLength(21);
  });
});
