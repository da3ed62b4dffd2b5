/**
 * Signing, checked against the shared rules: where the signature goes, that nothing else changes but
 * the invisible license mark (license-mark.test.ts tests the mark itself), that
 * the signed pixels match a reference composite built here with sharp straight from the rules, that the
 * outline keeps a signature legible on a background of its own colour. Metadata: signing-metadata.test.ts.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_RULES, outlinePixels, signatureBox, type Box } from '@style-license/shared';
import { detectMark, embedMark, licensePrefixOf, markPayloadOf } from '@style-license/platform/license-mark';
import { makeArtwork } from '../src/testing';
import { psnr } from '../src/testing/mark-attacks';
import { createLruCache } from '../src/engines/artifact-cache';
import { signGeneratedImage, type SignatureLayer } from '../src/signing';
import { exampleLicense } from './license-fixture';

/** A normalised signature as the server stores it: RGBA PNG, 160 px high, transparent background. */
async function drawSignature(ink: string, width = 480): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="160">` +
    `<path d="M10 120 C 40 10, 80 10, 90 100 S 140 150, 170 60 S 230 20, 250 110 L 300 40 L 330 120 ` +
    `C 360 60, 400 60, ${width - 10} 90" fill="none" stroke="${ink}" stroke-width="14" stroke-linecap="round"/></svg>`;
  return sharp(Buffer.from(svg)).ensureAlpha().png().toBuffer();
}

const flat = (width: number, height: number, colour: string) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();

const meta = exampleLicense;

const rgb = async (png: Buffer) => {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
};

const inside = (b: Box, x: number, y: number) =>
  x >= b.left && y >= b.top && x < b.left + b.width && y < b.top + b.height;

const grow = (b: Box, by: number): Box => ({
  left: b.left - by,
  top: b.top - by,
  width: b.width + 2 * by,
  height: b.height + 2 * by,
});

/** The outline's reach, written out here so a change of shape in the implementation shows: dx² + dy² ≤ r² + r. */
function disc(r: number): [number, number][] {
  const offsets: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r + r) offsets.push([dx, dy]);
  return offsets;
}

/** The unsigned image with the license's mark and nothing else: what the signature is blended onto. */
async function markedOnly(unsigned: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(unsigned).raw().toBuffer({ resolveWithObject: true });
  const marked = embedMark(
    { data, width: info.width, height: info.height, channels: info.channels },
    markPayloadOf(meta.licenseId),
  );
  return sharp(marked.data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .png()
    .toBuffer();
}

const luminance = (d: Buffer, i: number) => 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;

/**
 * The rules done independently with sharp's own compositing: the signature resized to the box, an
 * outline (per-pixel max of the ink's alpha over a disc of offsets, via `lighten`) in `outline` colour,
 * ink over outline, alpha × opacity, and that layer composited over the unsigned image.
 */
async function referenceComposite(unsigned: Buffer, signature: Buffer, outline: '#ffffff' | '#000000') {
  const image = await sharp(unsigned).metadata();
  const sig = await sharp(signature).metadata();
  const box = signatureBox(image, sig);
  const r = outlinePixels(image.width);
  const size = { width: box.width + 2 * r, height: box.height + 2 * r };
  const ink = await sharp(signature).resize(box.width, box.height, { fit: 'fill' }).png().toBuffer();
  const inkAlpha = await sharp(ink).extractChannel(3).toColourspace('b-w').png().toBuffer();
  const dilated = await sharp({ create: { ...size, channels: 3, background: '#000000' } })
    .composite(disc(r).map(([dx, dy]) => ({ input: inkAlpha, left: r + dx, top: r + dy, blend: 'lighten' })))
    .extractChannel(0)
    .raw()
    .toBuffer();
  const outlineLayer = await sharp({ create: { ...size, channels: 3, background: outline } })
    .joinChannel(dilated, { raw: { ...size, channels: 1 } })
    .png()
    .toBuffer();
  const layer = await sharp(outlineLayer)
    .composite([{ input: ink, left: r, top: r }])
    .linear([1, 1, 1, SIGNATURE_RULES.opacity], [0, 0, 0, 0])
    .png()
    .toBuffer();
  return sharp(unsigned)
    .composite([{ input: layer, left: box.left - r, top: box.top - r }])
    .png()
    .toBuffer();
}

describe('signature placement', () => {
  it.each([
    [512, 512],
    [1024, 1024],
    [1200, 800],
    [640, 960],
  ])(
    'on %i×%i the ink box is bottom-right, 3 percent of the width from both edges, 18 percent of it wide',
    async (width, height) => {
      const signature = await drawSignature('#1a1a2e');
      const signed = await signGeneratedImage({
        image: await flat(width, height, '#808080'),
        signature,
        meta,
      });
      const { box } = signed;
      // The rules in words, each within the one pixel that rounding allows.
      expect(Math.abs(box.width - width * SIGNATURE_RULES.widthRatio)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(box.height - (box.width * 160) / 480)).toBeLessThanOrEqual(0.5);
      const right = width - (box.left + box.width);
      const bottom = height - (box.top + box.height);
      expect(Math.abs(right - width * SIGNATURE_RULES.marginRatio)).toBeLessThanOrEqual(0.5);
      expect(bottom).toBe(right); // both margins are a share of the width, so they match on any shape
      expect(box).toEqual(signatureBox({ width, height }, { width: 480, height: 160 }));
      expect(signed.footprint).toEqual(grow(box, outlinePixels(width)));
    },
  );

  it('the sizes come from the rules, not the request: 512 px gets a 92×31 box at (405, 466)', async () => {
    const signature = await drawSignature('#1a1a2e');
    const signed = await signGeneratedImage({ image: await flat(512, 512, '#808080'), signature, meta });
    expect(signed.box).toEqual({ left: 405, top: 466, width: 92, height: 31 });
  });
});

describe('signed pixels', () => {
  it.each([512, 1024])(
    'at %i px, outside the box and its outline only the license mark changed pixels, invisibly',
    async (size) => {
      const unsigned = await makeArtwork('ember', 1, { size });
      const signed = await signGeneratedImage({
        image: unsigned,
        signature: await drawSignature('#1a1a2e'),
        meta,
      });
      const [original, before, after] = await Promise.all([
        rgb(unsigned),
        rgb(await markedOnly(unsigned)),
        rgb(signed.png),
      ]);
      expect(psnr({ ...original, channels: 3 }, { ...before, channels: 3 })).toBeGreaterThanOrEqual(40);
      const read = detectMark({ ...after, channels: 3 });
      expect(read.payload === null ? null : licensePrefixOf(read.payload)).toBe(meta.licenseId.slice(0, 13));
      let changedInside = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const i = (y * size + x) * 3;
          const same = before.data.subarray(i, i + 3).equals(after.data.subarray(i, i + 3));
          if (!inside(signed.footprint, x, y)) {
            if (!same) throw new Error(`pixel (${x}, ${y}) outside the signature changed`);
          } else if (!same) changedInside++;
        }
      }
      // The signature is really there: a good share of its footprint changed.
      expect(changedInside / (signed.footprint.width * signed.footprint.height)).toBeGreaterThan(0.2);
    },
  );

  it.each([
    ['ember', 512],
    ['neon', 1024],
  ] as const)(
    'on a %s artwork at %i px the signed region matches a reference composite of the rules within 3 levels',
    async (artist, size) => {
      const unsigned = await makeArtwork(artist, 0, { size });
      const signature = await drawSignature('#1a1a2e');
      const signed = await signGeneratedImage({ image: unsigned, signature, meta });
      const [ours, reference] = await Promise.all([
        rgb(signed.png),
        rgb(await referenceComposite(await markedOnly(unsigned), signature, '#ffffff')),
      ]);
      const f = signed.footprint;
      let worst = 0;
      let total = 0;
      for (let y = f.top; y < f.top + f.height; y++) {
        for (let x = f.left; x < f.left + f.width; x++) {
          for (let c = 0; c < 3; c++) {
            const i = (y * size + x) * 3 + c;
            const difference = Math.abs(ours.data[i]! - reference.data[i]!);
            worst = Math.max(worst, difference);
            total += difference;
          }
        }
      }
      expect(worst).toBeLessThanOrEqual(3);
      expect(total / (f.width * f.height * 3)).toBeLessThan(0.5);
    },
  );

  it('a dark signature on a dark background gets a white outline that stands out', async () => {
    const signed = await signGeneratedImage({
      image: await flat(512, 512, '#141414'),
      signature: await drawSignature('#1a1a1a'),
      meta,
    });
    const { data } = await rgb(signed.png);
    const f = signed.footprint;
    const lum: number[] = [];
    for (let y = f.top; y < f.top + f.height; y++)
      for (let x = f.left; x < f.left + f.width; x++) lum.push(luminance(data, (y * 512 + x) * 3));
    // White at 80% over a background of 20: about 208, against ink and ground near 20.
    expect(Math.max(...lum)).toBeGreaterThan(200);
    expect(lum.filter((l) => l > 128).length / lum.length).toBeGreaterThan(0.1);
  });

  it('a light signature on a light background gets a black outline', async () => {
    const signed = await signGeneratedImage({
      image: await flat(512, 512, '#f0f0f0'),
      signature: await drawSignature('#fafafa'),
      meta,
    });
    const { data } = await rgb(signed.png);
    const f = signed.footprint;
    const lum: number[] = [];
    for (let y = f.top; y < f.top + f.height; y++)
      for (let x = f.left; x < f.left + f.width; x++) lum.push(luminance(data, (y * 512 + x) * 3));
    expect(Math.min(...lum)).toBeLessThan(60);
  });

  it('an image with an alpha channel keeps it outside the signature', async () => {
    const image = await sharp({
      create: { width: 400, height: 300, channels: 4, background: { r: 90, g: 140, b: 200, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const signed = await signGeneratedImage({ image, signature: await drawSignature('#1a1a2e'), meta });
    const { data, info } = await sharp(signed.png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[3]).toBe(128);
    const b = signed.box;
    const centre = ((b.top + Math.floor(b.height / 2)) * 400 + b.left + 3) * 4;
    expect(data[centre + 3]).toBeGreaterThan(128); // the signature's pixels are more opaque than the ground
  });

  it('a layer cache builds the overlay once per signature and size, with the same result', async () => {
    const layers = createLruCache<SignatureLayer>({
      maxCost: 1e8,
      costOf: (l) => l.premultiplied.byteLength,
    });
    const image = await makeArtwork('pastel', 0, { size: 512 });
    const signature = await drawSignature('#1a1a2e');
    const first = await signGeneratedImage({ image, signature, meta }, { layers });
    const second = await signGeneratedImage({ image, signature, meta }, { layers });
    expect(layers.stats()).toMatchObject({ loads: 1, hits: 1 });
    expect(second.sha256).toBe(first.sha256);
    expect((await signGeneratedImage({ image, signature, meta })).sha256).toBe(first.sha256);
  });
});
