/**
 * The studio's core works on plain folders with Node APIs, so it runs and is tested without Electron.
 * Finding candidate images is the first step of curating a local training set before a bulk upload.
 */
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Extensions worth offering; the server still checks real content, this only filters the listing. */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

/** Image files under `dir`, recursively, skipping hidden files and folders, in a stable order. */
export async function listCandidateImages(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listCandidateImages(path)));
    else if (entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
  }
  return found.sort();
}
