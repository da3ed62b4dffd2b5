/**
 * A studio on a temp data folder over a small generated library: distinct 640×640 pictures, one too
 * small, one WebP (the platform takes JPEG and PNG only), and a resized JPEG re-encode of the first.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderTestImage } from '../src/core/library/test-images';
import { memoryTokenStore, type TokenStore } from '../src/core/session';
import { openStudio, type Studio, type StudioOptions } from '../src/core/studio';

export interface StudioFixture {
  studio: Studio;
  root: string;
  libraryDir: string;
  files: { distinct: string[]; tooSmall: string; webp: string; nearCopy: string };
  opened: string[];
  tokenStore: TokenStore;
  close(): Promise<void>;
}

export async function openStudioFixture(
  options: Partial<StudioOptions> & { distinct?: number } = {},
): Promise<StudioFixture> {
  const root = await mkdtemp(join(tmpdir(), 'sl-studio-'));
  const libraryDir = join(root, 'Artwork');
  await mkdir(libraryDir);
  const distinct: string[] = [];
  for (let i = 0; i < (options.distinct ?? 12); i += 1) {
    const format = i % 2 === 0 ? 'png' : 'jpeg';
    const path = join(
      libraryDir,
      `work-${String(i + 1).padStart(2, '0')}.${format === 'png' ? 'png' : 'jpg'}`,
    );
    await writeFile(path, await renderTestImage({ format, width: 640, height: 640, seed: 300 + i }));
    distinct.push(path);
  }
  const tooSmall = join(libraryDir, 'small.png');
  await writeFile(tooSmall, await renderTestImage({ format: 'png', width: 300, height: 300, seed: 9 }));
  const webp = join(libraryDir, 'painted.webp');
  await writeFile(webp, await renderTestImage({ format: 'webp', width: 640, height: 640, seed: 77 }));
  const nearCopy = join(libraryDir, 'work-01-copy.jpg');
  const first = await renderTestImage({ format: 'png', width: 640, height: 640, seed: 300 });
  await writeFile(nearCopy, await sharp(first).resize(560, 560).jpeg({ quality: 82 }).toBuffer());

  const opened: string[] = [];
  const tokenStore = options.tokenStore ?? memoryTokenStore();
  const studio = await openStudio({
    dataDir: join(root, 'data'),
    platformUrl: 'http://127.0.0.1:9',
    tokenStore,
    openExternal: async (url) => void opened.push(url),
    pickFolder: async () => libraryDir,
    watchFolders: false,
    inspectWorkers: 1,
    thumbnailWorkers: 1,
    ...options,
  });
  return {
    studio,
    root,
    libraryDir,
    files: { distinct, tooSmall, webp, nearCopy },
    opened,
    tokenStore,
    async close() {
      await studio.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
