/**
 * The studio's library catalog at 10,000 generated images: a cold scan (list, SHA-256, decode check,
 * upright size, perceptual hash, catalog write) with the worker pool, a warm rescan, and a boolean tag
 * filter over the catalog. Goals (issue 15): cold < 90 s, warm < 5 s, filter < 50 ms.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCatalog } from '../src/core/catalog';
import { openLibrary } from '../src/core/library';
import { planTestImages, TEST_IMAGE_EXTENSIONS, writeTestImages } from '../src/core/library/test-images';
import { median, report } from '../../scripts/bench-report';
import { createRandom } from '@style-license/shared';

const IMAGES = 10_000;
const FOLDERS = 100;
const SIDES = { minSide: 512, maxSide: 1024 };
const MIX = { jpeg: 5, png: 3, webp: 2 };
const WARM_ROUNDS = 3;
const FILTER_ROUNDS = 31;

// Generated once per machine and reused (the marker is hidden, so the scan never sees it), in a child
// process so that this process's peak memory is the catalog's alone.
const cache = join(tmpdir(), 'style-license-bench', `catalog-${IMAGES}-v1`);
const marker = join(cache, '.complete');
if (process.argv.includes('--generate')) {
  const started = performance.now();
  await rm(cache, { recursive: true, force: true });
  for (let f = 0; f < FOLDERS; f++)
    await mkdir(join(cache, `shoot-${String(f).padStart(3, '0')}`), { recursive: true });
  const plan = planTestImages({ count: IMAGES, ...SIDES, mix: MIX, seed: 2024 });
  await writeTestImages(plan, (image, i) =>
    join(
      cache,
      `shoot-${String(i % FOLDERS).padStart(3, '0')}`,
      `${i}${TEST_IMAGE_EXTENSIONS[image.format]}`,
    ),
  );
  await writeFile(marker, new Date().toISOString());
  console.error(
    `generated ${IMAGES} images in ${((performance.now() - started) / 1000).toFixed(0)} s into ${cache}`,
  );
  process.exit(0);
}
if (!existsSync(marker)) {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--generate'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (child.status !== 0) throw new Error(`generating the images failed (exit ${child.status})`);
}

/** The largest resident size seen while `run` runs, sampled every 100 ms. */
async function sampledRss<T>(run: () => Promise<T>): Promise<{ result: T; maxMb: number }> {
  let max = process.memoryUsage.rss();
  const sampler = setInterval(() => (max = Math.max(max, process.memoryUsage.rss())), 100);
  try {
    const result = await run();
    return { result, maxMb: Math.round(Math.max(max, process.memoryUsage.rss()) / 2 ** 20) };
  } finally {
    clearInterval(sampler);
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'catalog-bench-'));
const openStarted = performance.now();
const catalog = await openCatalog({ dir: join(dataDir, 'catalog') });
const openSeconds = (performance.now() - openStarted) / 1000;
const library = openLibrary({ catalog });
try {
  // How free the caller's thread stays: hashing and decoding run in workers; the catalog write does not.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const { result: cold, maxMb: coldRssMb } = await sampledRss(() => library.addFolder(cache));
  loopDelay.disable();
  if (cold.added !== IMAGES || cold.failed.length)
    throw new Error(`cold scan: ${JSON.stringify(cold).slice(0, 500)}`);
  const warm = [];
  for (let round = 0; round < WARM_ROUNDS; round++) warm.push(await library.rescan(cache));
  if (warm.some((w) => w.read !== 0)) throw new Error('a warm rescan read files');

  // Tags as captions look: a long-tailed vocabulary, 5–20 per image.
  const vocabulary = Array.from({ length: 300 }, (_, i) => `tag ${i}`);
  const random = createRandom(7);
  const ids: string[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await catalog.query({ limit: 1000, cursor });
    ids.push(...page.images.map((image) => image.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const zipf = () => vocabulary[Math.floor(vocabulary.length * random() ** 2.5)]!;
  await catalog.setTags(
    ids.map((imageId) => ({ imageId, tags: Array.from({ length: 5 + Math.floor(random() * 16) }, zipf) })),
  );
  const filter = {
    tags: {
      and: [{ tag: 'tag 1' }, { or: [{ tag: 'tag 20' }, { tag: 'tag 40' }] }, { not: { tag: 'tag 0' } }],
    },
  };
  const matches = await catalog.count(filter);
  const timed = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let round = 0; round < FILTER_ROUNDS; round++) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    return Number(median(times).toFixed(1));
  };
  const pageMs = await timed(() => catalog.query({ ...filter, limit: 200 }));
  const countMs = await timed(() => catalog.count(filter));
  const byDatePageMs = await timed(() =>
    catalog.query({ ...filter, sort: { by: 'mtime', direction: 'desc' }, limit: 200 }),
  );

  const warmSeconds = median(warm.map((w) => w.seconds));
  report({
    name: `Desktop studio: library catalog of ${IMAGES.toLocaleString('en')} images`,
    rows: [
      {
        metric: 'cold scan (list, SHA-256, decode check, size, pHash, catalog write): s',
        value: Number(cold.seconds.toFixed(1)),
      },
      { metric: 'cold scan: images/s', value: Math.round(IMAGES / cold.seconds) },
      {
        metric: `warm rescan, nothing changed: s (median of ${WARM_ROUNDS})`,
        value: Number(warmSeconds.toFixed(2)),
      },
      {
        metric: `tag filter (a ∧ (b ∨ c) ∧ ¬d, ${matches} matches), first page of 200: ms (median of ${FILTER_ROUNDS})`,
        value: pageMs,
      },
      {
        metric: 'same filter sorted by date, newest first, first page of 200: ms (median)',
        value: byDatePageMs,
      },
      { metric: 'same filter, count of matches: ms (median)', value: countMs },
      {
        metric: 'caller thread during the cold scan, event-loop delay p99 / max: ms',
        value: `${(loopDelay.percentile(99) / 1e6).toFixed(0)} / ${(loopDelay.max / 1e6).toFixed(0)}`,
      },
      {
        metric: 'catalog open, new data folder (PGlite initdb, once per install): s',
        value: Number(openSeconds.toFixed(1)),
      },
      { metric: 'RSS during the cold scan, workers included (max of 100 ms samples): MB', value: coldRssMb },
      {
        metric: 'peak RSS of the whole run (includes initdb): MB',
        value: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      { metric: 'thumbnails', value: 'see the thumbnails bench' },
    ],
    notes:
      `${IMAGES} generated images (seeded colour fields with detail; long side ${SIDES.minSide}–${SIDES.maxSide} px; ` +
      `JPEG:PNG:WebP ${MIX.jpeg}:${MIX.png}:${MIX.webp}) in ${FOLDERS} folders, in the OS page cache (generated or ` +
      `reused just before). ${availableParallelism()} inspect worker threads; catalog in PGlite on disk. ` +
      'Goals: cold < 90 s, warm < 5 s, filter < 50 ms.',
  });
} finally {
  await library.close();
  await catalog.close();
  await rm(dataDir, { recursive: true, force: true });
}
