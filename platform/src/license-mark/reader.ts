/**
 * Reading marks off the caller's thread: a small pool of worker threads (piscina), each decoding and
 * reading one image at a time. A server keeps one for its process; threads start on demand and leave
 * when idle, so a server that never verifies an image pays nothing.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ReadResult, ReadTask } from './read-worker';

declare const STYLE_LICENSE_BUNDLED: boolean | undefined;

export interface MarkReaderOptions {
  key: string;
  /** Threads at most (default: one fewer than the cores, at least one: the event loop keeps a core). */
  threads?: number;
  /** Images above this many pixels are not decoded (default 40 megapixels, the upload limit). */
  maxPixels?: number;
  /** Readings waiting at most (default 32 per thread): past that, `read` refuses with MarkReaderBusy. */
  maxWaiting?: number;
}

/**
 * Too many readings are waiting: a burst of verifications (each up to ~0.7 s of a thread) must not pile
 * up files in memory without bound. Callers answer "busy, retry shortly".
 */
export class MarkReaderBusy extends Error {
  constructor() {
    super('too many license-mark readings are waiting');
    this.name = 'MarkReaderBusy';
  }
}

export interface ReadOptions {
  /**
   * `thorough` (verification: someone asks about one file) also searches turns of up to ±3°; `quick`
   * (every training upload) only the image as given and rescaled: 60–90 ms instead of ~0.4 s.
   */
  search?: 'thorough' | 'quick';
}

export interface MarkReader {
  read(image: Uint8Array, options?: ReadOptions): Promise<ReadResult>;
  close(): Promise<void>;
}

const entry = () =>
  typeof STYLE_LICENSE_BUNDLED !== 'undefined'
    ? new URL('./license-mark-reader.mjs', import.meta.url)
    : new URL('./read-worker-source.mjs', import.meta.url);

export function createMarkReader({
  key,
  threads,
  maxPixels = 40_000_000,
  maxWaiting,
}: MarkReaderOptions): MarkReader {
  const maxThreads = Math.max(1, threads ?? availableParallelism() - 1);
  const pool = new Piscina<ReadTask, ReadResult>({
    filename: entry().href,
    minThreads: 0,
    maxThreads,
    idleTimeout: 30_000,
  });
  const waitingLimit = maxWaiting ?? 32 * maxThreads;
  return {
    // Bad files are answered by the thread (`unreadable`); a rejection here is the pool itself failing
    // (a thread that cannot start), which must surface rather than pass for "no mark".
    read: (image, { search = 'thorough' } = {}) =>
      pool.queueSize >= waitingLimit
        ? Promise.reject(new MarkReaderBusy())
        : pool.run({ image, key, maxPixels, ...(search === 'quick' ? { rotations: [0] } : {}) }),
    close: () => pool.close(),
  };
}
