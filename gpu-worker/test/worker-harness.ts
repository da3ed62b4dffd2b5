/**
 * A real worker loop for consumer tests: the in-process queue (RabbitMQ's semantics: retries,
 * dead-lettering, holding messages through an outage, with short backoff), a local object store in a
 * temp dir, and every job event the worker publishes collected for the test to read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach } from 'vitest';
import { createLogger } from '@style-license/platform/logger';
import { createMemoryTransport, type MemoryTransport } from '@style-license/platform/queue';
import { createLocalStorage, type ObjectStorage } from '@style-license/platform/storage';
import { QUEUES, type Envelope } from '@style-license/shared';
import { loadWorkerConfig } from '../src/config';
import { startWorker, type JobHandlers } from '../src/worker';

export interface Harness {
  queue: MemoryTransport;
  storage: ObjectStorage;
  events: Envelope[];
  stop(): Promise<void>;
}

const running: Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
});

export async function startHarness(options: {
  handlers: JobHandlers;
  /** Puts what the jobs need (model, signature, training set) in the store before the worker starts. */
  seed?: (storage: ObjectStorage) => Promise<void>;
  /** Wraps the store the worker uses, e.g. to count reads. */
  wrapStorage?: (storage: ObjectStorage) => ObjectStorage;
}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'sl-worker-test-'));
  const local = createLocalStorage({
    dir,
    publicBaseUrl: 'http://127.0.0.1:1',
    signingSecret: 'worker-test-secret',
  });
  const storage = options.wrapStorage?.(local) ?? local;
  await options.seed?.(storage);
  const queue = createMemoryTransport({ maxDeliveries: 3, backoffMs: { min: 20, max: 200 } });
  const config = loadWorkerConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const logger = createLogger({ name: 'worker-test', level: 'silent', pretty: false });
  const worker = await startWorker({ config, logger, queue, storage }, options.handlers);
  const events: Envelope[] = [];
  await queue.consume(QUEUES.jobEvents, async (delivery) => void events.push(delivery.envelope));
  const harness: Harness = {
    queue,
    storage,
    events,
    stop: async () => {
      await worker.stop();
      await queue.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  running.push(harness);
  return harness;
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const ofType = (h: Harness, type: string) => h.events.filter((e) => e.type === type);

/** A hand-drawn-looking signature: strokes with enough ink to pass the visibility rules. */
export function drawTestSignature(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160"><path d="M10 120 C 40 10, 80 10, 90 100 ' +
    'S 140 150, 170 60 S 230 20, 250 110 L 300 40 L 330 120 C 360 60, 400 60, 470 90" fill="none" ' +
    'stroke="#1a1a2e" stroke-width="14" stroke-linecap="round"/></svg>';
  return sharp(Buffer.from(svg)).ensureAlpha().png().toBuffer();
}
