/**
 * The studio as its browser journeys meet it: the whole product (real server, worker, PostgreSQL,
 * RabbitMQ, S3-compatible store), a studio core on a fresh data folder served by the HTTP test host with
 * the built renderer, a library folder of generated pictures (distinct ones, one too small, one a resized
 * re-encode of another), and an artist whose "system browser" sign-in is a Playwright page.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { renderTestImage } from '../../src/core/library/test-images';
import { memoryTokenStore } from '../../src/core/session';
import { openStudio, type Studio } from '../../src/core/studio';
import { startTestHost, type TestHost } from '../../src/test-host/server';
import { becomeArtist, signIn } from '../../../scripts/journey';
import { completeDevSignIn, startProduct, uniqueEmail, type Product } from '../../../web/test/e2e/support';

export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface StudioProduct {
  product: Product;
  studio: Studio;
  host: TestHost;
  /** The folder the studio's "pick a folder" dialog answers with. */
  libraryDir: string;
  /** File names in libraryDir: `distinct` pass every rule; `tooSmall` is 300×300; `nearCopy` is distinct[0] resized and re-encoded. */
  files: { distinct: string[]; tooSmall: string; nearCopy: string };
  /** The artist the browser signs in as (already an artist on the platform). */
  artist: { name: string; email: string };
  stop(): Promise<void>;
}

export interface StudioProductOptions {
  /** Where the "system browser" opens pages: sign-in runs in a new page of it. */
  browser: Browser;
  /** Distinct pictures in the library (default 12: enough for a style). */
  distinct?: number;
  artistName?: string;
}

async function writeLibrary(dir: string, distinct: number) {
  const names: string[] = [];
  for (let i = 0; i < distinct; i += 1) {
    const format = i % 3 === 0 ? 'jpeg' : 'png';
    const name = `work-${String(i + 1).padStart(2, '0')}.${format === 'jpeg' ? 'jpg' : 'png'}`;
    await writeFile(
      join(dir, name),
      await renderTestImage({ format, width: 640, height: 640, seed: 101 + i }),
    );
    names.push(name);
  }
  const tooSmall = 'sketch-small.png';
  await writeFile(
    join(dir, tooSmall),
    await renderTestImage({ format: 'png', width: 300, height: 300, seed: 7 }),
  );
  const nearCopy = 'work-01-copy.jpg';
  const first = await renderTestImage({ format: 'png', width: 640, height: 640, seed: 101 });
  await writeFile(join(dir, nearCopy), await sharp(first).resize(600, 600).jpeg({ quality: 80 }).toBuffer());
  return { distinct: names, tooSmall, nearCopy };
}

export async function startStudioProduct(options: StudioProductOptions): Promise<StudioProduct> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error(`${RENDERER_DIR} is not built: run the journeys through \`npm test\``);
  const root = await mkdtemp(join(tmpdir(), 'sl-studio-e2e-'));
  const libraryDir = join(root, 'Artwork');
  await mkdir(libraryDir);
  const files = await writeLibrary(libraryDir, options.distinct ?? 12);
  const product = await startProduct();
  const artist = {
    name: options.artistName ?? `Studio Artist ${randomUUID().slice(0, 4)}`,
    email: uniqueEmail('studio'),
  };
  try {
    await becomeArtist(await signIn(product.base, artist));
    const studio = await openStudio({
      dataDir: join(root, 'data'),
      platformUrl: product.base,
      tokenStore: memoryTokenStore(),
      pickFolder: async () => libraryDir,
      // The system browser: a page of its own, signed in as the artist, left once the studio has its code.
      openExternal: async (url) => {
        const context = await options.browser.newContext();
        const page = await context.newPage();
        void (async () => {
          try {
            await page.goto(url);
            await completeDevSignIn(page, artist);
            await page.waitForURL(/127\.0\.0\.1:\d+\/callback/);
          } finally {
            await context.close();
          }
        })().catch(() => undefined);
      },
      deviceName: 'Journey studio',
      inspectWorkers: 1,
      thumbnailWorkers: 1,
    });
    const host = await startTestHost({
      studio,
      rendererDir: RENDERER_DIR,
      onUnexpected: (error, operation) => console.error(`studio ${operation} failed`, error),
    });
    return {
      product,
      studio,
      host,
      libraryDir,
      files,
      artist,
      async stop() {
        await host.close();
        await studio.close();
        await product.stop();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await product.stop();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
