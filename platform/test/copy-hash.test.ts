/**
 * The copy hash finds another artist's picture saved again: resized, JPEG, WebP or PNG copies of pale,
 * vivid and textured pictures stay within COPY_MATCH_BITS — pale ones included, which the perceptual
 * hash's dHash moves further — while distinct pictures of one look stay apart. It reads the picture's
 * shape, not its contrast.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeArtwork, type Artist } from '@style-license/gpu-worker/testing';
import { createRandom } from '@style-license/shared';
import { COPY_MATCH_BITS, copyHash, copyHashOfGrid, hammingDistance, perceptualHash } from '../src/images';

/** A pale textured picture: grey noise under strokes of nearly its tone. */
async function paleNoise(seed: number, side = 768): Promise<Buffer> {
  const random = createRandom(seed);
  const noise = Buffer.alloc(side * side * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = 96 + Math.floor(random() * 64);
  const strokes = Array.from({ length: 10 }, () => {
    const [x1, y1, x2, y2] = [random(), random(), random(), random()].map((v) => Math.round(v * side));
    const grey = 112 + Math.round(random() * 32);
    return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="rgb(${grey},${grey},${grey})" stroke-width="${20 + random() * 60}"/>`;
  }).join('');
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}">${strokes}</svg>`,
  );
  return sharp(noise, { raw: { width: side, height: side, channels: 3 } })
    .blur(1.5)
    .composite([{ input: svg }])
    .png()
    .toBuffer();
}

const hashOf = (bytes: Buffer) => copyHash(sharp(bytes));
const scaled = async (bytes: Buffer, factor: number) => {
  const { width } = await sharp(bytes).metadata();
  return sharp(bytes).resize(Math.round(width! * factor));
};
const EDITS: Record<string, (bytes: Buffer) => Promise<Buffer>> = {
  resize75: async (b) => (await scaled(b, 0.75)).png().toBuffer(),
  resize50: async (b) => (await scaled(b, 0.5)).png().toBuffer(),
  jpeg90: (b) => sharp(b).jpeg({ quality: 90 }).toBuffer(),
  jpeg70: (b) => sharp(b).jpeg({ quality: 70 }).toBuffer(),
  resize75jpeg70: async (b) => (await scaled(b, 0.75)).jpeg({ quality: 70 }).toBuffer(),
  webp80: (b) => sharp(b).webp({ quality: 80 }).toBuffer(),
  png: (b) => sharp(b).png({ compressionLevel: 9 }).toBuffer(),
};

describe('copy hash', () => {
  it('is 16 hex digits, half of them set, and the same for the same pixels', async () => {
    const picture = await makeArtwork('ember', 1, { size: 512 });
    const hash = await hashOf(picture);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    // Bits over the median of 64 coefficients: 32 set (ties aside).
    const set = [...BigInt(`0x${hash}`).toString(2)].filter((b) => b === '1').length;
    expect(set).toBeGreaterThanOrEqual(30);
    expect(set).toBeLessThanOrEqual(32);
    expect(await hashOf(Buffer.from(picture))).toBe(hash);
  });

  it('does not depend on contrast or brightness', () => {
    const grid = Float64Array.from({ length: 32 * 32 }, (_, i) => Math.sin(i / 7) * 40 + ((i * 37) % 11));
    const pale = grid.map((v) => 120 + v / 8);
    expect(copyHashOfGrid(pale)).toBe(copyHashOfGrid(grid));
  });

  const pictures: [string, () => Promise<Buffer>][] = [
    ...(['ember', 'neon', 'pastel'] as Artist[]).flatMap((look) =>
      [1, 3].map((index): [string, () => Promise<Buffer>] => [
        `${look} ${index}`,
        () => makeArtwork(look, index, { size: 768 }),
      ]),
    ),
    ['pale noise 0', () => paleNoise(0)],
  ];
  it.each(pictures)('keeps copies of %s within COPY_MATCH_BITS under every edit', async (_, draw) => {
    const original = await draw();
    const base = await hashOf(original);
    for (const [edit, apply] of Object.entries(EDITS)) {
      const bits = hammingDistance(base, await hashOf(await apply(original)));
      expect({ edit, bits }).toEqual({ edit, bits: expect.toSatisfy((b: number) => b <= COPY_MATCH_BITS) });
    }
  });

  it('finds pale copies the perceptual hash moves over 6 bits', async () => {
    // neon 1 and pastel 1, resized to 75 % and saved as JPEG q70: the dHash moved them 12 and 11 bits.
    for (const look of ['neon', 'pastel'] as const) {
      const original = await makeArtwork(look, 1, { size: 768 });
      const copy = await EDITS.resize75jpeg70!(original);
      const dhash = hammingDistance(await perceptualHash(sharp(original)), await perceptualHash(sharp(copy)));
      expect(dhash).toBeGreaterThan(6);
      expect(hammingDistance(await hashOf(original), await hashOf(copy))).toBeLessThanOrEqual(
        COPY_MATCH_BITS,
      );
    }
  });

  it('keeps distinct pictures of one look apart', async () => {
    for (const look of ['ember', 'neon', 'pastel'] as const) {
      const hashes = await Promise.all(
        [10, 11, 12, 13, 14, 15].map(async (i) => hashOf(await makeArtwork(look, i, { size: 512 }))),
      );
      for (let i = 0; i < hashes.length; i++)
        for (let j = i + 1; j < hashes.length; j++)
          expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThan(COPY_MATCH_BITS);
    }
  });
});
