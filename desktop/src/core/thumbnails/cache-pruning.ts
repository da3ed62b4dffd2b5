/**
 * Keeps the thumbnail cache under a size by deleting the least recently used thumbnails (by access
 * time, which the cache sets on every hit, so it holds on noatime and relatime mounts too). Leftover
 * partial files of a crashed build are removed once they are clearly abandoned.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface PruneResult {
  removedFiles: number;
  removedBytes: number;
  keptFiles: number;
  keptBytes: number;
}

/** A build writes and renames within a second or so; an hour-old partial file belongs to no build. */
const ABANDONED_PARTIAL_MS = 60 * 60 * 1000;

interface Entry {
  path: string;
  size: number;
  atimeMs: number;
}

async function listEntries(cacheDir: string, now: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  const shards = await readdir(cacheDir, { withFileTypes: true }).catch(() => []);
  for (const shard of shards) {
    if (!shard.isDirectory()) continue;
    const dir = join(cacheDir, shard.name);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null); // pruned or renamed meanwhile
      if (!info?.isFile()) continue;
      if (name.endsWith('.partial')) {
        if (now - info.mtimeMs > ABANDONED_PARTIAL_MS) await rm(path, { force: true });
      } else if (name.endsWith('.webp')) entries.push({ path, size: info.size, atimeMs: info.atimeMs });
    }
  }
  return entries;
}

/** Deletes least recently used thumbnails until the cache holds at most `maxBytes`. */
export async function pruneThumbnailCache(cacheDir: string, maxBytes: number): Promise<PruneResult> {
  const entries = (await listEntries(cacheDir, Date.now())).sort((a, b) => a.atimeMs - b.atimeMs);
  let keptBytes = entries.reduce((sum, entry) => sum + entry.size, 0);
  let removedFiles = 0;
  let removedBytes = 0;
  for (const entry of entries) {
    if (keptBytes <= maxBytes) break;
    await rm(entry.path, { force: true });
    keptBytes -= entry.size;
    removedBytes += entry.size;
    removedFiles++;
  }
  return { removedFiles, removedBytes, keptFiles: entries.length - removedFiles, keptBytes };
}
