/**
 * A fixed pool of thumbnail build workers, one job per worker at a time. A worker that dies fails only
 * its own job and is replaced, so the pool keeps its size until it is closed.
 */
import { Worker } from 'node:worker_threads';
import type { BuildJob, BuildOutcome } from './protocol';

/**
 * The worker runs from built .js in the app and from source (.ts) in development and tests. From source
 * it first registers the TypeScript loader the repository already uses (tsx): Node 20 does not apply a
 * worker's `--import` to its entry module, so a one-line ESM bootstrap registers tsx, then imports it.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./thumbnail-worker.js', import.meta.url);
  const source = new URL('./thumbnail-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

interface Slot {
  worker: Worker;
  job: { jobId: number; resolve: (outcome: BuildOutcome) => void; reject: (error: Error) => void } | null;
}

export class BuildPool {
  private readonly slots: Slot[] = [];
  private readonly entry = workerEntry();
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Workers free for a job now. */
  get idle(): number {
    return this.closed ? 0 : this.slots.filter((slot) => !slot.job).length;
  }

  /** Runs a job on a free worker (check `idle` first); rejects only when the worker itself fails. */
  build(job: BuildJob): Promise<BuildOutcome> {
    const slot = this.slots.find((candidate) => !candidate.job);
    if (this.closed || !slot) return Promise.reject(new Error('no free thumbnail worker'));
    return new Promise((resolve, reject) => {
      slot.job = { jobId: job.jobId, resolve, reject };
      slot.worker.ref(); // a running job keeps the process alive; an idle worker does not
      slot.worker.postMessage(job);
    });
  }

  /** Stops every worker; a job still running fails (its thumbnail is simply not made). */
  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) {
      slot.job?.reject(new Error('thumbnail workers closed'));
      slot.job = null;
    }
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry);
    const slot: Slot = { worker, job: null };
    worker.on('message', (outcome: BuildOutcome) => {
      const job = slot.job;
      if (!job || job.jobId !== outcome.jobId) return;
      slot.job = null;
      worker.unref();
      job.resolve(outcome);
    });
    const replace = (error: Error) => {
      const job = slot.job;
      slot.job = null;
      job?.reject(error);
      if (this.closed) return;
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots[at] = this.spawn();
    };
    worker.on('error', replace);
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) replace(new Error(`thumbnail worker exited (${code})`));
    });
    worker.unref();
    return slot;
  }
}
