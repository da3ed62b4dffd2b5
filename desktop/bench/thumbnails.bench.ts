/**
 * The studio's thumbnail cache and duplicate search: thumbnails (256 px WebP) for 1,000 generated 1024-px
 * artworks, cold (built by the worker pool) and warm (answered from disk), and near-duplicate grouping
 * over 10,000 perceptual hashes with the multi-index search against comparing every pair.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupNearDuplicates, NEAR_DUPLICATE_BITS } from '../src/core/checks';
import { createThumbnailCache } from '../src/core/thumbnails';
import { bruteForcePairs, hashesWithNearCopies, makeArtwork } from '../test/checks-fixtures';
import { median, report } from '../../scripts/bench-report';

const IMAGES = 1_000;
const SIDE = 1024;
const THUMBNAIL = 256;
const HASHES = 10_000;
const GROUPING_ROUNDS = 5;
const WORKERS = Math.min(4, availableParallelism());

/** Runs `task` over 0..count-1 with at most `limit` at a time (generation is setup, not measured). */
async function inParallel(count: number, limit: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

const library = await mkdtemp(join(tmpdir(), 'bench-thumbs-library-'));
const cacheDir = await mkdtemp(join(tmpdir(), 'bench-thumbs-cache-'));
try {
  const images: { path: string; sha256: string }[] = new Array(IMAGES);
  const generationStarted = performance.now();
  await inParallel(IMAGES, 4, async (i) => {
    const path = join(library, `artwork-${i}.jpg`);
    await (await makeArtwork(i + 1, SIDE, SIDE)).jpeg({ quality: 85 }).toFile(path);
    images[i] = {
      path,
      sha256: createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    };
  });
  const generationSeconds = (performance.now() - generationStarted) / 1000;

  // The grid's worst case: every thumbnail asked for at once (a real grid asks for the visible ones).
  const requestAll = async () => {
    const cache = createThumbnailCache({ cacheDir, workers: WORKERS, maxQueued: IMAGES });
    const started = performance.now();
    await Promise.all(images.map((image) => cache.getThumbnail({ ...image, size: THUMBNAIL })));
    const seconds = (performance.now() - started) / 1000;
    const stats = cache.stats();
    await cache.close();
    return { seconds, stats };
  };
  const rssBefore = process.memoryUsage().rss;
  const cold = await requestAll();
  const warm = await requestAll();
  if (cold.stats.built !== IMAGES || warm.stats.hits !== IMAGES) throw new Error('cache did not behave');

  // Random hashes with planted near copies (a third: 0–10 bits flipped from an earlier one).
  const hashes = hashesWithNearCopies(HASHES, 10_000);
  const items = hashes.map((hash, i) => ({ id: String(i), hash }));
  const grouping: number[] = [];
  let groups = 0;
  for (let round = 0; round < GROUPING_ROUNDS; round++) {
    const started = performance.now();
    groups = groupNearDuplicates(items, NEAR_DUPLICATE_BITS).length;
    grouping.push(performance.now() - started);
  }
  const bruteStarted = performance.now();
  const brutePairs = bruteForcePairs(hashes, NEAR_DUPLICATE_BITS).length; // for scale
  const bruteMs = performance.now() - bruteStarted;

  const rate = (seconds: number) => Math.round(IMAGES / seconds);
  report({
    name: 'Desktop studio: thumbnail cache and near-duplicate search',
    rows: [
      {
        metric: `thumbnails cold, ${IMAGES} × ${SIDE}-px JPEG → ${THUMBNAIL}-px WebP: s`,
        value: Number(cold.seconds.toFixed(2)),
      },
      { metric: 'thumbnails cold: images/s', value: rate(cold.seconds) },
      { metric: 'thumbnails warm (from disk): s', value: Number(warm.seconds.toFixed(3)) },
      { metric: 'thumbnails warm: images/s', value: rate(warm.seconds) },
      {
        metric: 'process memory growth during thumbnails (RSS): MB',
        value: Math.round((process.memoryUsage().rss - rssBefore) / 1e6),
      },
      {
        metric: `near-duplicate groups over ${HASHES.toLocaleString('en')} hashes: ms (median of ${GROUPING_ROUNDS})`,
        value: Number(median(grouping).toFixed(1)),
      },
      {
        metric: `every pair compared (${brutePairs} pairs ≤ ${NEAR_DUPLICATE_BITS} bits, for scale): ms`,
        value: Math.round(bruteMs),
      },
      { metric: 'groups found', value: groups },
    ],
    notes:
      `${WORKERS} build workers (node:worker_threads, sharp). Generated textured artworks (desktop/test/checks-fixtures), ` +
      `made before timing (${generationSeconds.toFixed(0)} s). All ${IMAGES} requested at once; warm = a new cache ` +
      'instance over the same folder. Hashes: seeded random with a third planted as near copies.',
  });
} finally {
  await rm(library, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
}
