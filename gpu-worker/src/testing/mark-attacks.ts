/**
 * Measuring the mark (tests and bench/license-mark.bench.ts): the edits of the robustness
 * table, applied with sharp as a user's tools would, PSNR, and synthetic test images. Not used by the
 * worker itself.
 */
import sharp, { type Sharp } from 'sharp';
import { signatureBox } from '@style-license/shared';
import type { MarkPixels } from '@style-license/platform/license-mark';
import { ARTISTS, makeArtwork } from './artworks';

export interface RawImage extends MarkPixels {
  data: Buffer;
}

export async function decodeRaw(image: Buffer | Sharp): Promise<RawImage> {
  const pipeline = Buffer.isBuffer(image) ? sharp(image) : image;
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

const load = (image: MarkPixels) =>
  sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 3 | 4 } });

/** PSNR in dB over the R, G and B values (alpha ignored). */
export function psnr(a: MarkPixels, b: MarkPixels): number {
  let squares = 0;
  for (let i = 0, p = 0; i < a.width * a.height; i++, p += a.channels)
    for (let c = 0; c < 3; c++) squares += (a.data[p + c]! - b.data[p + c]!) ** 2;
  const mse = squares / (a.width * a.height * 3);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** The signature used by the signing benchmark: a 480×160 pen stroke (only its size matters here). */
const SIGNATURE = { width: 480, height: 160 };

/** A seeded offset in [0, range]. */
const offset = (range: number, seed: number) =>
  Math.floor((((seed * 2654435761) >>> 0) / 4294967296) * (range + 1));

export interface Attack {
  name: string;
  apply: (image: MarkPixels, seed: number) => Promise<RawImage>;
}

const crop = (share: number): Attack['apply'] => {
  return (image, seed) => {
    const width = Math.round(image.width * (1 - share));
    const height = Math.round(image.height * (1 - share));
    const left = offset(image.width - width, seed);
    const top = offset(image.height - height, seed + 1);
    return decodeRaw(load(image).extract({ left, top, width, height }));
  };
};

/** The edits of the robustness table, in the spirit of invisible-watermark's README table. */
/** A copy made smaller by `factor`, then saved as JPEG at `quality`. */
function resizedJpeg(factor: number, quality: number): Attack {
  return {
    name: `resize ${factor * 100}% + JPEG q${quality}`,
    apply: async (image) =>
      decodeRaw(
        await load(image)
          .resize(Math.round(image.width * factor), Math.round(image.height * factor))
          .jpeg({ quality })
          .toBuffer(),
      ),
  };
}

export const ATTACKS: Attack[] = [
  { name: 'none', apply: (image) => decodeRaw(load(image)) },
  ...[90, 70, 50].map((quality) => ({
    name: `JPEG q${quality}`,
    apply: async (image: MarkPixels) => decodeRaw(await load(image).jpeg({ quality }).toBuffer()),
  })),
  ...[0.75, 0.5].map((factor) => ({
    name: `resize ${factor * 100}%`,
    apply: (image: MarkPixels) =>
      decodeRaw(load(image).resize(Math.round(image.width * factor), Math.round(image.height * factor))),
  })),
  { name: 'crop 10% (90% × 90% window)', apply: crop(0.1) },
  { name: 'crop 25% (75% × 75% window)', apply: crop(0.25) },
  ...[1.2, 0.8].map((factor) => ({
    name: `brightness ${factor > 1 ? '+' : '−'}20%`,
    apply: (image: MarkPixels) => decodeRaw(load(image).linear(factor, 0)),
  })),
  {
    name: 'rotation 2° (centre kept, same size)',
    apply: async (image) => {
      const turned = await decodeRaw(load(image).rotate(2, { background: '#808080' }));
      const left = Math.floor((turned.width - image.width) / 2);
      const top = Math.floor((turned.height - image.height) / 2);
      return decodeRaw(load(turned).extract({ left, top, width: image.width, height: image.height }));
    },
  },
  // Edits together, as a copy passed around meets them: beyond the table, to show the limits.
  resizedJpeg(0.75, 70),
  resizedJpeg(0.5, 90),
  {
    name: 'screenshot-like PNG (RGBA, re-encoded)',
    apply: async (image) =>
      decodeRaw(await load(image).ensureAlpha().png({ compressionLevel: 9 }).toBuffer()),
  },
  {
    name: 'signature region cropped off (bottom strip)',
    apply: (image) => {
      const box = signatureBox(image, SIGNATURE);
      return decodeRaw(load(image).extract({ left: 0, top: 0, width: image.width, height: box.top }));
    },
  },
];

/**
 * A photograph-like test image: smooth multi-octave value noise (a 1/f-like spectrum, the statistics of
 * natural images) in each colour channel over a two-colour gradient, so that chroma carries texture at
 * every scale — harder for a chroma mark than the flat palettes of the synthetic artworks.
 */
export async function texturedImage(seed: number, size: number): Promise<RawImage> {
  let state = (seed * 747796405 + 2891336453) >>> 0;
  const random = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return ((state ^ (state >>> 13)) >>> 0) / 4294967296;
  };
  const hue = () => Math.floor(random() * 256);
  const [a, b] = [
    [hue(), hue(), hue()],
    [hue(), hue(), hue()],
  ];
  const data = Buffer.alloc(size * size * 3);
  const field = new Float32Array(size * size * 3);
  for (let octave = 0; octave < 6; octave++) {
    const cell = Math.max(2, size >> (octave + 2));
    const grid = Math.ceil(size / cell) + 2;
    const amplitude = 60 / 2 ** (octave * 0.8);
    for (let c = 0; c < 3; c++) {
      const values = Float32Array.from({ length: grid * grid }, () => (random() - 0.5) * amplitude);
      for (let y = 0; y < size; y++) {
        const fy = y / cell;
        const [y0, ty] = [Math.floor(fy), fy - Math.floor(fy)];
        for (let x = 0; x < size; x++) {
          const fx = x / cell;
          const [x0, tx] = [Math.floor(fx), fx - Math.floor(fx)];
          const top = values[y0 * grid + x0]! * (1 - tx) + values[y0 * grid + x0 + 1]! * tx;
          const bottom = values[(y0 + 1) * grid + x0]! * (1 - tx) + values[(y0 + 1) * grid + x0 + 1]! * tx;
          const i = (y * size + x) * 3 + c;
          field[i] = field[i]! + top * (1 - ty) + bottom * ty;
        }
      }
    }
  }
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const t = (x + y) / (2 * size);
      for (let c = 0; c < 3; c++) {
        const i = (y * size + x) * 3 + c;
        data[i] = Math.max(0, Math.min(255, Math.round(a[c]! * (1 - t) + b[c]! * t + field[i]!)));
      }
    }
  return { data, width: size, height: size, channels: 3 };
}

/**
 * Test image `index` of a varied set: the three synthetic artists' portraits and landscapes (flat
 * pastel shapes, neon strokes on a dark ground, grainy watercolour) and every fourth a textured,
 * photograph-like image.
 */
export async function testImage(index: number, size: number): Promise<RawImage> {
  if (index % 4 === 3) return texturedImage(index, size);
  const artist = ARTISTS[index % 3]!;
  return decodeRaw(sharp(await makeArtwork(artist, index, { size })).removeAlpha());
}
