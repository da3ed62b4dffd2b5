/**
 * Lists every plain file under a library folder with its size and date, reading no file's content.
 * Hidden entries (a leading dot) and symbolic links are skipped: links could leave the folder or loop.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface FoundFile {
  path: string;
  byteSize: number;
  mtimeMs: number;
}

/** Stat calls in flight at once: enough to hide disk latency, few enough not to flood libuv's pool. */
const STAT_BATCH = 64;

export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

/** Some file systems do not say what an entry is (every is…() false): lstat decides. */
function typeUnknown(entry: Dirent): boolean {
  return !(entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice());
}

/** Calls `onFile` for each file as it is found; answers the folders that could not be listed. */
export async function walkFolder(
  root: string,
  onFile: (file: FoundFile) => void,
): Promise<{ unreadable: string[] }> {
  const unreadable: string[] = [];
  const folders = [root];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      unreadable.push(folder);
      continue;
    }
    const candidates: string[] = [];
    for (const entry of entries) {
      if (isHiddenName(entry.name) || entry.isSymbolicLink()) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) folders.push(path);
      else if (entry.isFile() || typeUnknown(entry)) candidates.push(path);
    }
    for (let start = 0; start < candidates.length; start += STAT_BATCH) {
      const batch = candidates.slice(start, start + STAT_BATCH);
      const stats = await Promise.all(batch.map((path) => lstat(path).catch(() => null)));
      stats.forEach((stat, index) => {
        const path = batch[index]!;
        if (stat?.isFile()) onFile({ path, byteSize: stat.size, mtimeMs: stat.mtimeMs });
        else if (stat?.isDirectory()) folders.push(path);
      });
    }
  }
  return { unreadable };
}
