/**
 * The invisible license mark on images: round trip on varied generated images (three synthetic
 * artists and a textured photograph-like image), invisibility (PSNR ≥ 40 dB), the edits the issue sets
 * goals for (JPEG q70, resize to 50%, crop 10%) and refusal (unmarked images, another key). The full
 * robustness table over 100 images is gpu-worker/bench/license-mark.bench.ts.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  detectMark,
  embedMark,
  licensePrefixOf,
  markPayloadOf,
  readMark,
} from '@style-license/platform/license-mark';
import { ATTACKS, psnr, testImage, type RawImage } from '../src/testing/mark-attacks';

const LICENSE = '3f2c9a7e-51b4-4c0d-9e6a-2b7d8f1e4c90';
const payload = markPayloadOf(LICENSE);
const attack = (name: string) => ATTACKS.find((a) => a.name.startsWith(name))!;

// Images 0-3: ember watercolour, neon strokes, pastel shapes, textured photograph-like.
let originals: RawImage[];
let marked: RawImage[];
beforeAll(async () => {
  originals = await Promise.all([0, 1, 2, 3].map((i) => testImage(i, 512)));
  marked = originals.map((image) => embedMark(image, payload));
});

describe('license mark round trip', () => {
  it('reads the payload back from every kind of image, with full confidence and few corrected bits', () => {
    for (const image of marked) {
      const found = detectMark(image);
      expect(found.payload).toBe(payload);
      expect(licensePrefixOf(found.payload!)).toBe(LICENSE.slice(0, 13));
      expect(found.confidence).toBeGreaterThan(1 - 1e-7);
      expect(found.bitErrors).toBeLessThan(21);
    }
  });

  it('is invisible by PSNR: at least 40 dB against the unmarked image (42 dB targeted)', () => {
    for (const [i, image] of marked.entries()) {
      const value = psnr(originals[i]!, image);
      expect(value).toBeGreaterThanOrEqual(40);
      expect(value).toBeLessThan(43); // the strength is spent, not wasted
    }
  });

  it('changes neither the input nor luma, and keeps RGBA alpha and Uint8Array data', () => {
    const original = originals[2]!;
    const copy = Buffer.from(original.data);
    embedMark(original, payload);
    expect(original.data.equals(copy)).toBe(true);

    const rgba = new Uint8Array(original.width * original.height * 4);
    for (let i = 0; i < original.width * original.height; i++) {
      rgba.set(original.data.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = 200;
    }
    const out = embedMark(
      { data: rgba, width: original.width, height: original.height, channels: 4 },
      payload,
    );
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(out.channels).toBe(4);
    let [lumaShift, alphaChanged, redChanged] = [0, 0, 0];
    const luma = (d: Uint8Array, p: number) => 0.299 * d[p]! + 0.587 * d[p + 1]! + 0.114 * d[p + 2]!;
    for (let p = 0; p < rgba.length; p += 4) {
      if (out.data[p + 3] !== 200) alphaChanged++;
      if (out.data[p] !== rgba[p]) redChanged++; // red does not move along Cb
      lumaShift = Math.max(lumaShift, Math.abs(luma(out.data, p) - luma(rgba, p)));
    }
    expect([alphaChanged, redChanged]).toEqual([0, 0]);
    expect(lumaShift).toBeLessThan(1); // only rounding
    expect(detectMark(out).payload).toBe(payload);
  });

  it('refuses payloads without valid check bits', () => {
    expect(() => embedMark(originals[0]!, payload ^ 1n)).toThrow(/markPayloadOf/);
  });

  it('marks and reads a 1024² image, also after a 50% resize (read back at 1024²)', async () => {
    const big = embedMark(await testImage(5, 1024), payload);
    expect(detectMark(big).payload).toBe(payload);
    const half = await attack('resize 50%').apply(big, 5);
    expect(half.width).toBe(512);
    const reading = readMark(half);
    expect(reading.payload).toBe(payload);
    expect(reading.hypothesis).toMatchObject({ width: 1024, height: 1024 });
  });
});

describe('license mark robustness (goals: JPEG q70, resize 50%, crop 10%)', () => {
  for (const name of ['JPEG q70', 'resize 50%', 'crop 10%']) {
    it(`survives ${name}`, async () => {
      for (const [i, image] of marked.entries()) {
        const edited = await attack(name).apply(image, i);
        const found = detectMark(edited);
        expect(found.payload, `image ${i}`).toBe(payload);
      }
    });
  }

  it('survives a PNG round trip through sharp with an alpha channel', async () => {
    const png = await sharp(marked[3]!.data, { raw: { width: 512, height: 512, channels: 3 } })
      .ensureAlpha()
      .png()
      .toBuffer();
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(
      detectMark({ data, width: info.width, height: info.height, channels: info.channels }).payload,
    ).toBe(payload);
  });
});

describe('license mark refusal', () => {
  it('reports no payload and no confidence on unmarked images', () => {
    for (const image of originals.slice(0, 2)) {
      const found = detectMark(image);
      expect(found.payload).toBeNull();
      expect(found.confidence).toBeLessThan(0.5);
    }
  });

  it('does not read a mark made with another key', () => {
    const other = embedMark(originals[0]!, payload, 'another secret');
    expect(detectMark(other).payload).toBeNull();
    expect(detectMark(other, 'another secret').payload).toBe(payload);
  });
});
