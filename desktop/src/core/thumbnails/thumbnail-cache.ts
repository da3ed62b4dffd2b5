/**
 * The disk thumbnail cache: WebP thumbnails keyed by content hash and size (a moved or renamed file keeps
 * its thumbnail, a changed file gets a new one), built by a pool of worker threads from a bounded queue.
 * Invariants: one build per key at a time, shared by every request for it; a file in the cache is whole
 * and of the content its name says; a failed build leaves no entry; a cancelled request never builds.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { stat, utimes } from 'node:fs/promises';
import { AppError, parseInput } from '@style-license/shared';
import { BuildPool } from './build-pool';
import { pruneThumbnailCache, type PruneResult } from './cache-pruning';
import type { BuildOutcome } from './protocol';
import {
  cancelExceptSchema,
  pruneSchema,
  thumbnailCacheOptionsSchema,
  thumbnailKeySchema,
  thumbnailRequestSchema,
  type ThumbnailCacheOptions,
  type ThumbnailKey,
  type ThumbnailRequest,
} from './schemas';

export interface ThumbnailStats {
  /** Requests answered from disk. */
  hits: number;
  /** Thumbnails the workers made. */
  built: number;
  /** Builds that failed (corrupt, changed or missing source, or a worker that died). */
  failed: number;
  /** Requests that joined a build already queued or running instead of starting another. */
  shared: number;
  /** Queued builds dropped because every request for them was cancelled. */
  cancelled: number;
  queued: number;
  running: number;
}

interface Waiter {
  resolve: (path: string) => void;
  reject: (error: unknown) => void;
}

interface Job {
  key: string;
  request: { path: string; sha256: string; size: number };
  outputPath: string;
  waiters: Set<Waiter>;
  running: boolean;
}

const keyOf = (key: { sha256: string; size: number }) => `${key.sha256}-${key.size}`;
const notVisible = () => new DOMException('the thumbnail is no longer wanted', 'AbortError');

function buildError(job: Job, outcome: Extract<BuildOutcome, { ok: false }>): AppError {
  const { path } = job.request;
  const details = [{ path, rule: outcome.reason, message: outcome.message }];
  if (outcome.reason === 'corrupt')
    return new AppError('VALIDATION_FAILED', `${path}: cannot be decoded`, { details });
  if (outcome.reason === 'changed')
    return new AppError('CONFLICT', `${path}: changed since it was catalogued`, { details });
  return new AppError('NOT_FOUND', `${path}: cannot be read`, { details });
}

export class ThumbnailCache {
  private readonly cacheDir: string;
  private readonly maxQueued: number;
  private readonly pool: BuildPool;
  /** Waiting for a worker, oldest first (a Map keeps insertion order and deletes in O(1)). */
  private readonly queue = new Map<string, Job>();
  /** Queued or running, by key: where a second request for the same thumbnail joins the first. */
  private readonly inFlight = new Map<string, Job>();
  private readonly counts = { hits: 0, built: 0, failed: 0, shared: 0, cancelled: 0 };
  private nextJobId = 1;
  private closed = false;

  constructor(options: ThumbnailCacheOptions) {
    const parsed = parseInput(thumbnailCacheOptionsSchema, options);
    this.cacheDir = parsed.cacheDir;
    this.maxQueued = parsed.maxQueued;
    this.pool = new BuildPool(parsed.workers ?? Math.min(4, availableParallelism()));
  }

  /** Where the thumbnail of this content at this size lives (sharded: no folder of 100,000 files). */
  pathOf(key: ThumbnailKey): string {
    const { sha256, size } = parseInput(thumbnailKeySchema, key); // a hash, never a path fragment
    return join(this.cacheDir, sha256.slice(0, 2), `${keyOf({ sha256, size })}.webp`);
  }

  /**
   * The path of the WebP thumbnail of `request.path`, built if missing. Rejects with the signal's reason
   * when cancelled, VALIDATION_FAILED (rule corrupt) for a file that does not decode, CONFLICT (rule
   * changed) when its bytes no longer match sha256, NOT_FOUND (rule missing), RATE_LIMITED when full.
   */
  async getThumbnail(request: ThumbnailRequest, options: { signal?: AbortSignal } = {}): Promise<string> {
    const parsed = parseInput(thumbnailRequestSchema, request);
    const { signal } = options;
    signal?.throwIfAborted();
    this.assertOpen();
    const key = keyOf(parsed);
    const outputPath = this.pathOf(parsed);
    let job = this.inFlight.get(key);
    if (!job) {
      if (await this.touchIfCached(outputPath)) {
        this.counts.hits++;
        return outputPath;
      }
      signal?.throwIfAborted();
      this.assertOpen();
      job = this.inFlight.get(key); // another request may have queued it while this one looked
    }
    if (job) {
      this.counts.shared++;
      return this.wait(job, signal);
    }
    if (this.queue.size >= this.maxQueued) {
      throw new AppError('RATE_LIMITED', 'too many thumbnails waiting; cancel those no longer visible', {
        retryAfter: 1,
      });
    }
    job = { key, request: parsed, outputPath, waiters: new Set(), running: false };
    this.queue.set(key, job);
    this.inFlight.set(key, job);
    const done = this.wait(job, signal);
    this.pump();
    return done;
  }

  /**
   * Cancels every queued build not in `visible` (what the grid shows now), rejecting its requests with an
   * AbortError; builds already running finish and are cached. Returns how many builds were dropped.
   * With `onlySize`, builds of other sizes are left alone: the grid's view says nothing about the small
   * pictures another panel (the checks) asked for.
   */
  cancelExcept(visible: readonly ThumbnailKey[], onlySize?: number): number {
    const keep = new Set(parseInput(cancelExceptSchema, visible).map(keyOf));
    let dropped = 0;
    for (const job of [...this.queue.values()]) {
      if (keep.has(job.key) || (onlySize !== undefined && job.request.size !== onlySize)) continue;
      this.drop(job);
      for (const waiter of job.waiters) waiter.reject(notVisible());
      dropped++;
    }
    return dropped;
  }

  /** Deletes least recently used thumbnails until the cache holds at most `maxBytes`. */
  async prune(input: { maxBytes: number }): Promise<PruneResult> {
    return pruneThumbnailCache(this.cacheDir, parseInput(pruneSchema, input).maxBytes);
  }

  stats(): ThumbnailStats {
    return { ...this.counts, queued: this.queue.size, running: this.inFlight.size - this.queue.size };
  }

  /** Stops the workers; requests still waiting fail with UNAVAILABLE. */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = [...this.inFlight.values()];
    this.queue.clear();
    this.inFlight.clear();
    const closedError = new AppError('UNAVAILABLE', 'the thumbnail cache is closed');
    for (const job of waiting) for (const waiter of job.waiters) waiter.reject(closedError);
    await this.pool.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the thumbnail cache is closed');
  }

  /** A hit renews the access time, which pruning orders by (mounts often do not update it on read). */
  private async touchIfCached(path: string): Promise<boolean> {
    const info = await stat(path).catch(() => null);
    if (!info) return false;
    await utimes(path, new Date(), info.mtime).catch(() => undefined); // pruned meanwhile: still a hit
    return true;
  }

  private wait(job: Job, signal: AbortSignal | undefined): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => {
        job.waiters.delete(waiter);
        reject(signal!.reason);
        // The last request gone from a build not yet started: nobody wants it, so it never runs.
        if (job.waiters.size === 0 && !job.running && this.queue.get(job.key) === job) this.drop(job);
      };
      const waiter: Waiter = {
        resolve: (path) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(path);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      job.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private drop(job: Job): void {
    this.queue.delete(job.key);
    this.inFlight.delete(job.key);
    this.counts.cancelled++;
  }

  private pump(): void {
    while (this.pool.idle > 0 && this.queue.size > 0) {
      const job = this.queue.values().next().value!;
      this.queue.delete(job.key);
      job.running = true;
      const { path, sha256, size } = job.request;
      this.pool
        .build({ jobId: this.nextJobId++, sourcePath: path, sha256, size, outputPath: job.outputPath })
        .then(
          (outcome) => this.finish(job, outcome),
          (error: unknown) =>
            this.fail(job, new AppError('INTERNAL', 'a thumbnail worker failed', { cause: error })),
        );
    }
  }

  private finish(job: Job, outcome: BuildOutcome): void {
    if (outcome.ok) {
      this.settle(job);
      this.counts.built++;
      for (const waiter of job.waiters) waiter.resolve(job.outputPath);
    } else this.fail(job, buildError(job, outcome));
  }

  private fail(job: Job, error: AppError): void {
    this.settle(job);
    this.counts.failed++;
    for (const waiter of job.waiters) waiter.reject(error);
  }

  /** The build is over: later requests for the key look at the disk again, and the next job may start. */
  private settle(job: Job): void {
    if (this.inFlight.get(job.key) === job) this.inFlight.delete(job.key);
    queueMicrotask(() => this.pump());
  }
}

/** A thumbnail cache over `cacheDir` with its own worker pool; close it when the library closes. */
export function createThumbnailCache(options: ThumbnailCacheOptions): ThumbnailCache {
  return new ThumbnailCache(options);
}
