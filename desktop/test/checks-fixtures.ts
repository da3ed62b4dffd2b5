/**
 * Generated artworks for the checks and thumbnail tests and the benchmark: textured pictures of random
 * strokes and blobs in a per-seed palette (flat synthetic images would share perceptual hashes), and
 * catalog records made from files the way the catalog makes them (by content).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { perceptualHash } from '@style-license/platform/images';
import type { NearPair } from '../src/core/checks';
import type { CatalogImage, LibraryFormat } from '../src/core/model';
import { createRandom } from '@style-license/shared';

function paletteOf(random: () => number): string[] {
  const base = random() * 360;
  return Array.from({ length: 6 }, (_, i) => {
    const hue = (base + i * (40 + random() * 80)) % 360;
    return `hsl(${hue.toFixed(0)},${(35 + random() * 60).toFixed(0)}%,${(15 + random() * 70).toFixed(0)}%)`;
  });
}

function strokesSvg(seed: number, width: number, height: number): string {
  const random = createRandom(seed);
  const palette = paletteOf(random);
  const pick = () => palette[Math.floor(random() * palette.length)]!;
  const x = () => (random() * width).toFixed(1);
  const y = () => (random() * height).toFixed(1);
  const shapes: string[] = [];
  for (let i = 0; i < 14; i++) {
    const r = (0.05 + random() * 0.2) * width;
    shapes.push(
      `<ellipse cx="${x()}" cy="${y()}" rx="${r.toFixed(1)}" ry="${(r * (0.4 + random())).toFixed(1)}" fill="${pick()}" opacity="${(0.5 + random() * 0.5).toFixed(2)}"/>`,
    );
  }
  for (let i = 0; i < 40; i++) {
    const stroke = (0.005 + random() * 0.05) * width;
    shapes.push(
      `<path d="M${x()} ${y()} C${x()} ${y()} ${x()} ${y()} ${x()} ${y()}" stroke="${pick()}" stroke-width="${stroke.toFixed(1)}" fill="none" stroke-linecap="round" opacity="${(0.6 + random() * 0.4).toFixed(2)}"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${pick()}"/>${shapes.join('')}</svg>`;
}

// Paper grain, made once per size: generating noise costs more than drawing the strokes.
const grains = new Map<string, Promise<Buffer>>();
function grainOf(width: number, height: number): Promise<Buffer> {
  const key = `${width}x${height}`;
  let grain = grains.get(key);
  if (!grain) {
    const noise = { type: 'gaussian', mean: 128, sigma: 24 } as const;
    grain = sharp({ create: { width, height, channels: 3, background: '#808080', noise } })
      .raw()
      .toBuffer();
    grains.set(key, grain);
  }
  return grain;
}

/**
 * A distinct textured artwork per seed, as a sharp pipeline over its decoded pixels: callers encode it
 * as they need (`.png()`, `.jpeg()`, `.webp()`, resized), each copy from the same lossless source.
 */
export async function makeArtwork(seed: number, width = 1024, height = width): Promise<Sharp> {
  const grain = await grainOf(width, height);
  const { data, info } = await sharp(Buffer.from(strokesSvg(seed, width, height)))
    .composite([{ input: grain, raw: { width, height, channels: 3 }, blend: 'soft-light' }])
    .flatten()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The record the catalog would make for a file: facts by content, corrupt when it does not decode whole. */
export async function catalogRecordFor(
  path: string,
  overrides: Partial<CatalogImage> = {},
): Promise<CatalogImage> {
  const bytes = await readFile(path);
  const info = await stat(path);
  const base: CatalogImage = {
    id: createHash('sha1').update(path).digest('hex').slice(0, 12),
    path,
    folder: dirname(path),
    byteSize: bytes.length,
    mtimeMs: info.mtimeMs,
    sha256: sha256Hex(bytes),
    format: null,
    width: null,
    height: null,
    perceptualHash: null,
    corrupt: true,
    rating: 0,
    pick: 'picked',
    tags: [],
  };
  try {
    const image = sharp(bytes, { failOn: 'warning' }).rotate();
    const meta = await image.metadata();
    // Decodes every pixel: a truncated file throws here.
    const { data, info } = await image.clone().raw().toBuffer({ resolveWithObject: true });
    const format = (['jpeg', 'png', 'webp'] as const).find((f) => f === meta.format) ?? null;
    // Hashed from decoded pixels: platform's perceptualHash on a WebP file lets libvips shrink on load
    // (fastShrinkOnLoad), which aliases fine texture and moves a WebP copy up to ~15 bits from its PNG.
    // Fix reported for platform/images (resize with fastShrinkOnLoad: false); then hash `image` directly.
    const pixels = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    return {
      ...base,
      format: format as LibraryFormat | null,
      width: meta.autoOrient.width,
      height: meta.autoOrient.height,
      perceptualHash: await perceptualHash(pixels),
      corrupt: format === null,
      ...overrides,
    };
  } catch {
    return { ...base, ...overrides };
  }
}

/** Every pair compared, with the same 32-bit popcount: the reference the index must agree with. */
export function bruteForcePairs(hashes: readonly string[], maxBits: number): NearPair[] {
  const hi = hashes.map((h) => Number.parseInt(h.slice(0, 8), 16));
  const lo = hashes.map((h) => Number.parseInt(h.slice(8), 16));
  const popcount = (x: number) => {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  };
  const pairs: NearPair[] = [];
  for (let a = 0; a < hashes.length; a++) {
    for (let b = a + 1; b < hashes.length; b++) {
      const distance = popcount((hi[a]! ^ hi[b]!) >>> 0) + popcount((lo[a]! ^ lo[b]!) >>> 0);
      if (distance <= maxBits) pairs.push({ a, b, distance });
    }
  }
  return pairs;
}

/**
 * Random 64-bit hashes with planted neighbours: a third are copies of an earlier hash with 0–10 bits
 * flipped, so pairs sit on both sides of any threshold, exact repeats and chains included.
 */
export function hashesWithNearCopies(count: number, seed: number): string[] {
  const random = createRandom(seed);
  const word = () => Math.floor(random() * 2 ** 32);
  const hashes: bigint[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && random() < 1 / 3) {
      let hash = hashes[Math.floor(random() * i)]!;
      const flips = Math.floor(random() * 11);
      for (let f = 0; f < flips; f++) hash ^= 1n << BigInt(Math.floor(random() * 64));
      hashes.push(hash);
    } else hashes.push((BigInt(word()) << 32n) | BigInt(word()));
  }
  return hashes.map((h) => h.toString(16).padStart(16, '0'));
}
