// What each route costs to load: the gzip size of the JavaScript a first visit to it downloads, from
// Vite's build manifest (the entry's static import closure, plus the route's own lazy chunk closure).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface RouteSize {
  /** The page module, e.g. `src/features/home/HomePage.tsx`. */
  page: string;
  /** gzip bytes of the page's chunks not already in the shell. */
  ownGzip: number;
  /** gzip bytes of everything a first visit to this page loads: shell + page. */
  firstVisitGzip: number;
}

function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) closure(manifest, next, seen);
  return seen;
}

export function routeSizes(distDir: string): { shellGzip: number; routes: RouteSize[] } {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const gzip = new Map<string, number>();
  const sizeOf = (keys: Iterable<string>) => {
    let total = 0;
    for (const key of keys) {
      const file = manifest[key]!.file;
      if (!file.endsWith('.js')) continue;
      if (!gzip.has(file)) gzip.set(file, gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length);
      total += gzip.get(file)!;
    }
    return total;
  };
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry)!;
  const shell = closure(manifest, entry);
  const routes = Object.keys(manifest)
    .filter((key) => manifest[key]!.isDynamicEntry && /Page\.tsx$/.test(key))
    .map((page) => {
      const own = [...closure(manifest, page)].filter((key) => !shell.has(key));
      return { page, ownGzip: sizeOf(own), firstVisitGzip: sizeOf(shell) + sizeOf(own) };
    })
    .sort((a, b) => a.page.localeCompare(b.page));
  return { shellGzip: sizeOf(shell), routes };
}
