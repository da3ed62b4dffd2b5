/**
 * Generated artworks for tests and benchmarks of the library: smooth seeded colour fields with a seeded
 * block of detail, so every file has distinct bytes and a distinct look, written fast with sharp.
 * Deterministic: the same seed gives the same picture.
 */
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { LibraryFormat } from '../model';
import { createRandom } from '@style-license/shared';

export interface TestImage {
  format: LibraryFormat;
  width: number;
  height: number;
  seed: number;
}

const GRID = 6;
const DETAIL = 24;

/** The encoded picture. */
export async function renderTestImage(image: TestImage): Promise<Buffer> {
  const random = createRandom(image.seed);
  const grid = Buffer.from(Array.from({ length: GRID * GRID * 3 }, () => Math.floor(random() * 256)));
  const detailSide = Math.min(DETAIL, image.width, image.height);
  const detail = Buffer.from(
    Array.from({ length: detailSide * detailSide * 3 }, () => Math.floor(random() * 256)),
  );
  const field = sharp(grid, { raw: { width: GRID, height: GRID, channels: 3 } })
    .resize(image.width, image.height, { kernel: 'cubic', fit: 'fill' })
    .composite([
      {
        input: detail,
        raw: { width: detailSide, height: detailSide, channels: 3 },
        left: Math.floor(random() * (image.width - detailSide + 1)),
        top: Math.floor(random() * (image.height - detailSide + 1)),
      },
    ]);
  const encoded =
    image.format === 'png'
      ? field.png()
      : image.format === 'jpeg'
        ? field.jpeg({ quality: 85 })
        : field.webp({ quality: 80, effort: 2 });
  return encoded.toBuffer();
}

export interface TestImageSetOptions {
  count: number;
  /** Long side range in pixels (inclusive); the short side is 60–100 % of it. */
  minSide: number;
  maxSide: number;
  /** Share of each format, e.g. { jpeg: 5, png: 3, webp: 2 }. */
  mix?: Partial<Record<LibraryFormat, number>>;
  seed?: number;
}

/** The pictures of a set (not yet written): formats spread evenly through it by weight. */
export function planTestImages(options: TestImageSetOptions): TestImage[] {
  const random = createRandom(options.seed ?? 1);
  const mix = Object.entries(options.mix ?? { jpeg: 1, png: 1, webp: 1 }) as [LibraryFormat, number][];
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  return Array.from({ length: options.count }, (_, i) => {
    let pick = ((i * 0.618034) % 1) * total;
    const format = mix.find(([, weight]) => (pick -= weight) < 0)?.[0] ?? mix[0]![0];
    const long = options.minSide + Math.floor(random() * (options.maxSide - options.minSide + 1));
    const short = Math.max(1, Math.round(long * (0.6 + random() * 0.4)));
    const landscape = random() < 0.5;
    return {
      format,
      width: landscape ? long : short,
      height: landscape ? short : long,
      seed: (options.seed ?? 1) * 1_000_003 + i,
    };
  });
}

export const TEST_IMAGE_EXTENSIONS: Record<LibraryFormat, string> = {
  jpeg: '.jpg',
  png: '.png',
  webp: '.webp',
};

/** Renders and writes `images` to `pathOf(image, index)`, `concurrency` at a time. */
export async function writeTestImages(
  images: TestImage[],
  pathOf: (image: TestImage, index: number) => string,
  concurrency = 4,
): Promise<string[]> {
  const paths = images.map(pathOf);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < images.length; index = next++)
      await writeFile(paths[index]!, await renderTestImage(images[index]!));
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return paths;
}
