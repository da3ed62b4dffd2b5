/**
 * The perceptual hash finds copies, whatever the format they were saved in: a resized, JPEG or WebP copy
 * of a textured picture stays within NEAR_DUPLICATE_BITS of it (WebP used to land 11–15 bits away, since
 * libvips shrinks WebP while decoding), while unrelated pictures stay far apart.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@style-license/shared';
import { hammingDistance, NEAR_DUPLICATE_BITS, perceptualHash } from '../src/images';

/** A textured picture: seeded noise under a few strokes, so fine detail matters to the decoder. */
async function picture(seed: number): Promise<Buffer> {
  const random = createRandom(seed);
  const side = 1024;
  const noise = Buffer.alloc(side * side * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256);
  const strokes = Array.from({ length: 12 }, () => {
    const [x1, y1, x2, y2] = [random(), random(), random(), random()].map((v) => Math.round(v * side));
    const colour = `rgb(${[random(), random(), random()].map((v) => Math.round(v * 255)).join(',')})`;
    return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="${20 + random() * 60}"/>`;
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

const hashOf = (bytes: Buffer) => perceptualHash(sharp(bytes));

describe('perceptual hash', () => {
  it('keeps resized, JPEG and WebP copies within the near-duplicate distance', async () => {
    const original = await picture(7);
    const base = await hashOf(original);
    const copies = {
      half: await sharp(original).resize(512).png().toBuffer(),
      jpeg: await sharp(original).jpeg({ quality: 60 }).toBuffer(),
      webp: await sharp(original).webp({ quality: 80 }).toBuffer(),
      webpHalf: await sharp(original).resize(768).webp({ quality: 75 }).toBuffer(),
    };
    for (const [name, bytes] of Object.entries(copies))
      expect({ name, bits: hammingDistance(base, await hashOf(bytes)) }).toMatchObject({
        bits: expect.toSatisfy((bits: number) => bits <= NEAR_DUPLICATE_BITS),
      });
  });

  it('keeps different pictures apart', async () => {
    const hashes = await Promise.all([1, 2, 3, 4].map(async (seed) => hashOf(await picture(seed))));
    for (let i = 0; i < hashes.length; i++)
      for (let j = i + 1; j < hashes.length; j++)
        expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThan(NEAR_DUPLICATE_BITS);
  });
});
