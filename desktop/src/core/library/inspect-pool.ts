/**
 * A pool of inspect worker threads (one per available core, at least one) so hashing and decoding never
 * run on the caller's thread. Invariants: every request settles exactly once, even when its worker dies;
 * idle workers are released after a while and started again on demand.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Inspection } from './inspect';
import type { InspectReply, InspectRequest } from './inspect-worker';

export interface InspectPoolOptions {
  /** Worker threads (default: available parallelism, at least 1). */
  size?: number;
  /** Files one worker reads at once, so one file's I/O overlaps another's decode (default 2). */
  perWorker?: number;
  /** Idle time after which the workers are released (default 10 s). */
  idleMs?: number;
}

interface Task {
  id: number;
  path: string;
  resolve(inspection: Inspection): void;
  reject(error: Error): void;
}

interface PoolWorker {
  thread: Worker;
  inFlight: Map<number, Task>;
}

/**
 * From source (tsx, Vitest) the worker is TypeScript: its thread has a module loader of its own, so it
 * registers tsx before importing the entry. A build ships inspect-worker.js beside this file.
 */
function startThread(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./inspect-worker.js', import.meta.url));
  const entry = new URL('./inspect-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

export class InspectPool {
  private readonly size: number;
  private readonly perWorker: number;
  private readonly idleMs: number;
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Files handed to workers since the pool was made: a warm rescan must not add to it. */
  filesRead = 0;

  constructor(options: InspectPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.perWorker = Math.max(1, options.perWorker ?? 2);
    this.idleMs = options.idleMs ?? 10_000;
  }

  inspect(path: string): Promise<Inspection> {
    if (this.closed) return Promise.reject(new Error('The inspect pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, path, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length) {
      let worker = this.workers.reduce<PoolWorker | undefined>(
        (best, w) => (w.inFlight.size < (best?.inFlight.size ?? this.perWorker) ? w : best),
        undefined,
      );
      // A new thread before a second file on a busy one: threads give parallelism, files per thread only overlap I/O.
      if ((!worker || worker.inFlight.size > 0) && this.workers.length < this.size) worker = this.spawn();
      if (!worker) return;
      const task = this.queue.shift()!;
      if (worker.inFlight.size === 0) worker.thread.ref();
      worker.inFlight.set(task.id, task);
      this.filesRead++;
      worker.thread.postMessage({ id: task.id, path: task.path } satisfies InspectRequest);
    }
    if (this.workers.every((w) => w.inFlight.size === 0) && this.workers.length) {
      this.idleTimer = setTimeout(() => void this.release(), this.idleMs);
      this.idleTimer.unref();
    }
  }

  private spawn(): PoolWorker {
    const worker: PoolWorker = { thread: startThread(), inFlight: new Map() };
    worker.thread.on('message', (reply: InspectReply) => {
      const task = worker.inFlight.get(reply.id);
      if (!task) return;
      worker.inFlight.delete(reply.id);
      // An idle worker must not keep the process alive; a busy one must, or a scan could be cut off.
      if (worker.inFlight.size === 0) worker.thread.unref();
      if (reply.ok) task.resolve(reply.inspection);
      else task.reject(new Error(reply.message));
      this.pump();
    });
    const fail = (error: Error) => {
      const index = this.workers.indexOf(worker);
      if (index < 0) return;
      this.workers.splice(index, 1);
      for (const task of worker.inFlight.values()) task.reject(error);
      worker.inFlight.clear();
      void worker.thread.terminate();
      if (!this.closed) this.pump();
    };
    worker.thread.on('error', fail);
    worker.thread.on('exit', (code) => fail(new Error(`An inspect worker stopped (exit code ${code})`)));
    this.workers.push(worker);
    return worker;
  }

  /** Stops idle workers; the next request starts them again. */
  private async release(): Promise<void> {
    if (this.queue.length || this.workers.some((w) => w.inFlight.size)) return;
    const idle = this.workers.splice(0);
    await Promise.all(idle.map((w) => w.thread.terminate()));
  }

  /** Rejects what is still queued or in flight and stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const error = new Error('The inspect pool is closed');
    for (const task of this.queue.splice(0)) task.reject(error);
    const workers = this.workers.splice(0);
    for (const worker of workers) for (const task of worker.inFlight.values()) task.reject(error);
    await Promise.all(workers.map((w) => w.thread.terminate()));
  }
}
