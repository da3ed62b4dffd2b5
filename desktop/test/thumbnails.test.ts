// The thumbnail cache: built once per content and size by the workers and reused (also after a move),
// rebuilt for changed content, one build for concurrent requests, cancellable while queued, no entry for a
// corrupt file, bounded, and pruned least-recently-used first.
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThumbnailCache, type ThumbnailCache } from '../src/core/thumbnails';
import { makeArtwork, sha256Hex } from './checks-fixtures';

let library: string;
let cacheDir: string;
const open: ThumbnailCache[] = [];

/** A generated artwork on disk, with the hash the catalog would record for it. */
async function artwork(name: string, seed: number, size = 1024) {
  const path = join(library, name);
  await mkdir(dirname(path), { recursive: true });
  await (await makeArtwork(seed, size, size)).jpeg({ quality: 85 }).toFile(path);
  return { path, sha256: sha256Hex(await readFile(path)) };
}

/**
 * A large interlaced (Adam7) PNG: quick to make, but it cannot be shrunk on load, so its thumbnail takes
 * ~0.4 s; requests made right after it are still queued behind it on a one-worker cache.
 */
async function slowPicture(name: string, background: string) {
  const path = join(library, name);
  await mkdir(dirname(path), { recursive: true });
  await sharp({ create: { width: 6000, height: 6000, channels: 3, background } })
    .png({ progressive: true })
    .toFile(path);
  return { path, sha256: sha256Hex(await readFile(path)) };
}

function newCache(options: { workers?: number; maxQueued?: number } = {}) {
  const created = createThumbnailCache({ cacheDir, ...options });
  open.push(created);
  return created;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  library = await mkdtemp(join(tmpdir(), 'thumbs-library-'));
});
afterAll(async () => {
  await rm(library, { recursive: true, force: true });
});
// A fresh cache folder per test: counts and files start from nothing.
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'thumbs-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await rm(cacheDir, { recursive: true, force: true });
});
describe('thumbnail cache', () => {
  it('builds a thumbnail once, as WebP within the size, and answers later requests from disk', async () => {
    const cache = newCache({ workers: 2 });
    const image = await artwork('once.jpg', 1);
    const path = await cache.getThumbnail({ ...image, size: 256 });
    const meta = await sharp(path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);
    expect(await cache.getThumbnail({ ...image, size: 256 })).toBe(path);
    expect(cache.stats()).toMatchObject({ built: 1, hits: 1, failed: 0 });
    // Another size is another thumbnail.
    expect(await cache.getThumbnail({ ...image, size: 128 })).not.toBe(path);
    expect(cache.stats()).toMatchObject({ built: 2, hits: 1 });
  });

  it('reuses the thumbnail of a file moved or renamed, and a new cache over the folder reuses it too', async () => {
    const cache = newCache();
    const image = await artwork('before/move.jpg', 2);
    const path = await cache.getThumbnail({ ...image, size: 256 });
    const moved = join(library, 'after', 'renamed.jpg');
    await mkdir(dirname(moved), { recursive: true });
    await rename(image.path, moved);
    expect(await cache.getThumbnail({ path: moved, sha256: image.sha256, size: 256 })).toBe(path);
    await copyFile(moved, join(library, 'after', 'copy.jpg'));
    expect(
      await cache.getThumbnail({ path: join(library, 'after', 'copy.jpg'), sha256: image.sha256, size: 256 }),
    ).toBe(path);
    expect(cache.stats()).toMatchObject({ built: 1, hits: 2 });

    const restarted = newCache();
    expect(await restarted.getThumbnail({ path: moved, sha256: image.sha256, size: 256 })).toBe(path);
    expect(restarted.stats()).toMatchObject({ built: 0, hits: 1 });
  });

  it('makes a new thumbnail for changed content and refuses a stale hash (CONFLICT) without an entry', async () => {
    const cache = newCache();
    const before = await artwork('changing.jpg', 3);
    const oldThumb = await cache.getThumbnail({ ...before, size: 256 });
    const after = await artwork('changing.jpg', 4); // same path, new picture
    const newThumb = await cache.getThumbnail({ ...after, size: 256 });
    expect(newThumb).not.toBe(oldThumb);
    expect(await readFile(newThumb)).not.toEqual(await readFile(oldThumb));
    expect(cache.stats().built).toBe(2);

    // Asked with the old hash at a size never built: the bytes are not that content any more.
    await expect(cache.getThumbnail({ ...before, size: 200 })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [{ rule: 'changed' }],
    });
    expect(await exists(cache.pathOf({ sha256: before.sha256, size: 200 }))).toBe(false);
  });

  it('builds once for many concurrent requests of the same thumbnail', async () => {
    const cache = newCache({ workers: 2 });
    const image = await artwork('popular.jpg', 5);
    const paths = await Promise.all(
      Array.from({ length: 12 }, () => cache.getThumbnail({ ...image, size: 256 })),
    );
    expect(new Set(paths).size).toBe(1);
    expect(cache.stats()).toMatchObject({ built: 1, shared: 11, hits: 0 });
  });

  it('drops queued builds whose requests were all cancelled; running ones finish and are kept', async () => {
    const cache = newCache({ workers: 1 });
    const images = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i === 0 ? slowPicture('scroll/0.png', '#a52') : artwork(`scroll/${i}.jpg`, 20 + i),
      ),
    );
    const controllers = images.map(() => new AbortController());
    const results = images.map((image, i) =>
      cache.getThumbnail({ ...image, size: 256 }, { signal: controllers[i]!.signal }).then(
        (path) => ({ ok: true as const, path }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
    // A second, uncancelled request for image 11 keeps its build alive when the first is cancelled.
    const kept = cache.getThumbnail({ ...images[11]!, size: 256 });
    // Picture 0 must have reached the worker, not merely be waiting, for "already running" to hold.
    await vi.waitFor(() => expect([cache.stats().running, cache.stats().queued]).toEqual([1, 11]), {
      interval: 5,
    });
    for (const controller of controllers.slice(4)) controller.abort(); // scrolled out of view
    controllers[0]!.abort(); // already running: its caller stops waiting, the build still completes

    const settled = await Promise.all(results);
    await kept;
    expect(settled.map((r) => r.ok)).toEqual([false, true, true, true, ...Array(8).fill(false)]);
    for (const r of settled.filter((r) => !r.ok))
      expect((r as { error: Error }).error.name).toBe('AbortError');
    expect(cache.stats()).toMatchObject({ built: 5, cancelled: 7, queued: 0, running: 0 });
    const built = await Promise.all(
      images.map((image) => exists(cache.pathOf({ sha256: image.sha256, size: 256 }))),
    );
    expect(built).toEqual([true, true, true, true, false, false, false, false, false, false, false, true]);
  });

  it('cancels every queued build outside what the grid still shows', async () => {
    const cache = newCache({ workers: 1 });
    const images = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i === 0 ? slowPicture('grid/0.png', '#2a5') : artwork(`grid/${i}.jpg`, 40 + i),
      ),
    );
    const request = (image: (typeof images)[number]) =>
      cache.getThumbnail({ ...image, size: 128 }).then(
        () => 'built',
        (error: Error) => error.name,
      );
    // Picture 0 must have reached the worker (running), not merely be waiting: only then is it out of
    // cancelExcept's reach. Asked first and alone: requests reach the queue in no fixed order (each reads
    // its file first), and once picture 1 got to the worker ahead of it (failed in CI).
    const first = request(images[0]!);
    await vi.waitFor(() => expect([cache.stats().running, cache.stats().queued]).toEqual([1, 0]), {
      interval: 5,
    });
    const results = [first, ...images.slice(1).map(request)];
    await vi.waitFor(() => expect([cache.stats().running, cache.stats().queued]).toEqual([1, 9]), {
      interval: 5,
    });
    const visible = images.slice(6).map((image) => ({ sha256: image.sha256, size: 128 }));
    expect(cache.cancelExcept(visible)).toBe(5); // 0 is running; 1–5 are queued and no longer visible
    expect(await Promise.all(results)).toEqual([
      'built',
      ...Array(5).fill('AbortError'),
      ...Array(4).fill('built'),
    ]);
    expect(cache.stats()).toMatchObject({ built: 5, cancelled: 5 });
  });

  it('leaves builds of other sizes alone when the grid names its own size', async () => {
    const cache = newCache({ workers: 1 });
    const slow = await slowPicture('sizes/0.png', '#a52');
    const others = await Promise.all([1, 2].map((i) => artwork(`sizes/${i}.jpg`, 50 + i)));
    const first = cache.getThumbnail({ ...slow, size: 128 });
    await vi.waitFor(() => expect(cache.stats().running).toBe(1), { interval: 5 });
    // The checks panel's small pictures, and a grid picture that scrolled away.
    const small = cache.getThumbnail({ ...others[0]!, size: 64 }).then(
      () => 'built',
      (e: Error) => e.name,
    );
    const gone = cache.getThumbnail({ ...others[1]!, size: 128 }).then(
      () => 'built',
      (e: Error) => e.name,
    );
    await vi.waitFor(() => expect(cache.stats().queued).toBe(2), { interval: 5 });
    expect(cache.cancelExcept([], 128)).toBe(1);
    expect(await Promise.all([first.then(() => 'built'), small, gone])).toEqual([
      'built',
      'built',
      'AbortError',
    ]);
  });

  it('rejects a corrupt or missing file with a typed error and leaves no cache entry', async () => {
    const cache = newCache();
    const whole = await readFile((await artwork('whole.jpg', 60)).path);
    const truncatedPath = join(library, 'truncated.jpg');
    await writeFile(truncatedPath, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const notImagePath = join(library, 'notes.png');
    await writeFile(notImagePath, 'plain text, not a picture');
    for (const path of [truncatedPath, notImagePath]) {
      const sha256 = sha256Hex(await readFile(path));
      await expect(cache.getThumbnail({ path, sha256, size: 256 })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ rule: 'corrupt', path }],
      });
      const entry = cache.pathOf({ sha256, size: 256 });
      expect(await exists(entry)).toBe(false);
      expect(await readdir(dirname(entry)).catch(() => [])).toEqual([]); // no partial file either
    }
    await expect(
      cache.getThumbnail({ path: join(library, 'gone.jpg'), sha256: 'a'.repeat(64), size: 256 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', details: [{ rule: 'missing' }] });
    expect(cache.stats()).toMatchObject({ built: 0, failed: 3 });
    // The workers survive failures: a good file still builds.
    await cache.getThumbnail({ ...(await artwork('after-failures.jpg', 61)), size: 256 });
    expect(cache.stats().built).toBe(1);
  });

  it('fails only the job of a worker that dies (INTERNAL) and keeps building with a fresh worker', async () => {
    const cache = newCache({ workers: 1 });
    const doomed = await artwork('doomed.jpg', 62);
    let healthy = await artwork('healthy.jpg', 63);
    for (let seed = 64; healthy.sha256.slice(0, 2) === doomed.sha256.slice(0, 2); seed++)
      healthy = await artwork('healthy.jpg', seed);
    // A file where the doomed thumbnail's shard folder should be: the worker's write throws and it exits.
    await writeFile(dirname(cache.pathOf({ sha256: doomed.sha256, size: 256 })), 'in the way');
    const [lost, made] = await Promise.allSettled([
      cache.getThumbnail({ ...doomed, size: 256 }),
      cache.getThumbnail({ ...healthy, size: 256 }),
    ]);
    expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'INTERNAL' } });
    expect(made).toMatchObject({
      status: 'fulfilled',
      value: cache.pathOf({ sha256: healthy.sha256, size: 256 }),
    });
    expect(cache.stats()).toMatchObject({ built: 1, failed: 1, queued: 0, running: 0 });
  });

  it('refuses malformed requests and more queued builds than its bound, queuing nothing', async () => {
    const cache = newCache({ workers: 1, maxQueued: 3 });
    const image = await artwork('bounded.jpg', 70);
    for (const bad of [
      { ...image, path: 'relative.jpg', size: 256 },
      { ...image, sha256: 'not-a-hash', size: 256 },
      { ...image, size: 5000 },
      { ...image, size: 256.5 },
    ]) {
      await expect(cache.getThumbnail(bad)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(cache.stats()).toMatchObject({ queued: 0, running: 0 });

    // One slow picture at four sizes: four builds still waiting when the fifth request comes.
    const request = await slowPicture('large.png', '#369');
    const accepted = [100, 200, 300, 400].map((size) => cache.getThumbnail({ ...request, size }));
    await vi.waitFor(() => expect(cache.stats()).toMatchObject({ running: 1, queued: 3 }), { interval: 5 });
    await expect(cache.getThumbnail({ ...request, size: 500 })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    await Promise.all(accepted);
    expect(cache.stats().built).toBe(4);
  });

  it('prunes least recently used thumbnails down to a size; a pruned thumbnail is rebuilt on request', async () => {
    const cache = newCache({ workers: 2 });
    const images = await Promise.all(Array.from({ length: 6 }, (_, i) => artwork(`prune/${i}.jpg`, 80 + i)));
    const paths = await Promise.all(images.map((image) => cache.getThumbnail({ ...image, size: 256 })));
    // Ages by hand: image 0 is the oldest, image 5 the newest ...
    const now = Date.now() / 1000;
    for (const [i, path] of paths.entries()) await utimes(path, now - 3600 * (6 - i), now - 3600 * 6);
    // ... then the grid shows image 0 again: a hit makes it the most recently used.
    await cache.getThumbnail({ ...images[0]!, size: 256 });
    const sizes = await Promise.all(paths.map(async (path) => (await stat(path)).size));
    const total = sizes.reduce((a, b) => a + b, 0);
    const maxBytes = total - sizes[1]! - sizes[2]!; // room for all but the two least recently used

    const result = await cache.prune({ maxBytes });
    expect(result).toEqual({
      removedFiles: 2,
      removedBytes: sizes[1]! + sizes[2]!,
      keptFiles: 4,
      keptBytes: maxBytes,
    });
    expect(await Promise.all(paths.map(exists))).toEqual([true, false, false, true, true, true]);

    const builtBefore = cache.stats().built;
    expect(await cache.getThumbnail({ ...images[1]!, size: 256 })).toBe(paths[1]);
    expect(cache.stats().built).toBe(builtBefore + 1);
    await expect(cache.prune({ maxBytes: -1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
