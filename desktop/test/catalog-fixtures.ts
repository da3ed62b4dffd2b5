/**
 * Catalog records for tests that need no real files: scanned images with chosen facts, under a folder
 * that exists only in the catalog. Content hashes derive from a name and a version, so "changed content"
 * is a new version of the same name.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Catalog, ScannedImage } from '../src/core/catalog';

export function scannedImage(
  folder: string,
  name: string,
  facts: Partial<ScannedImage> = {},
  version = 1,
): ScannedImage {
  return {
    path: join(folder, name),
    byteSize: 1000 + name.length,
    mtimeMs: 1_700_000_000_000 + version,
    sha256: createHash('sha256').update(`${name}#${version}`).digest('hex'),
    format: 'png',
    width: 1024,
    height: 768,
    perceptualHash: createHash('sha256').update(name).digest('hex').slice(0, 16),
    corrupt: false,
    ...facts,
  };
}

/** Adds `folder` and scans these records into it; answers the ids by file name. */
export async function seedFolder(
  catalog: Catalog,
  folder: string,
  images: ScannedImage[],
): Promise<Map<string, string>> {
  await catalog.addFolder(folder);
  await catalog.upsertScanned({ folder, changed: images, unchanged: [], ignored: [] });
  const ids = new Map<string, string>();
  for (let cursor: string | undefined, page; (page = await catalog.query({ folder, limit: 1000, cursor }));) {
    for (const image of page.images) ids.set(image.path.slice(folder.length + 1), image.id);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return ids;
}
