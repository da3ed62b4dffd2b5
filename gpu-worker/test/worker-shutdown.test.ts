/**
 * Stopping a worker (SIGTERM in production) on both transports: it takes no new job, lets a running job
 * finish within the grace, and hands back a job still running after it without spending a delivery:
 * the next worker gets it as the same attempt, so a rolling deploy never pushes jobs to the dead letters.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@style-license/platform/logger';
import {
  createAmqpTransport,
  createMemoryTransport,
  type Delivery,
  type QueueTransport,
} from '@style-license/platform/queue';
import { createLocalStorage } from '@style-license/platform/storage';
import { GENERATION_JOB_TYPES, jobQueueName, type Envelope } from '@style-license/shared';
import { loadWorkerConfig } from '../src/config';
import { startWorker, type JobHandler } from '../src/worker';

const QUEUE = jobQueueName('image_generation', 'quilt');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const transports: Record<string, () => QueueTransport> = {
  memory: () => createMemoryTransport({ maxDeliveries: 3, backoffMs: { min: 20, max: 200 } }),
  amqp: () => {
    const url = process.env.TEST_AMQP_URL;
    if (!url) throw new Error('TEST_AMQP_URL is not set: run the suites through `npm test`');
    // Queues of their own on the shared broker.
    return createAmqpTransport({ url, maxDeliveries: 3, namespace: `t${randomUUID().slice(0, 8)}.` });
  },
};

const envelope = (n: number): Envelope => ({
  id: randomUUID(),
  type: GENERATION_JOB_TYPES.requested,
  createdAt: new Date().toISOString(),
  payload: { n },
});

async function waitUntil(probe: () => boolean, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A worker on `queue` whose generation handler is `handler`, stopping after `drainMs`. */
async function worker(queue: QueueTransport, handler: JobHandler, drainMs: number) {
  const dir = await mkdtemp(join(tmpdir(), 'sl-worker-stop-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const storage = createLocalStorage({
    dir,
    publicBaseUrl: 'http://127.0.0.1:1',
    signingSecret: 'x'.repeat(16),
  });
  const config = loadWorkerConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', WORKER_GENERATION_PREFETCH: '1' });
  const logger = createLogger({ name: 'worker-test', level: 'silent', pretty: false });
  return startWorker(
    { config, logger, queue, storage },
    { [GENERATION_JOB_TYPES.requested]: handler },
    { drainMs },
  );
}

/** What the next worker would get: every delivery on the queue, recorded. */
async function nextWorker(queue: QueueTransport) {
  const deliveries: Delivery[] = [];
  await queue.consume(QUEUE, async (delivery) => void deliveries.push(delivery));
  return deliveries;
}

describe.each(Object.keys(transports))('stopping a worker (%s transport)', (kind) => {
  const setup = () => {
    const queue = transports[kind]!();
    cleanups.push(() => queue.close());
    return queue;
  };

  it('hands back a job still running when the grace ends, as the same attempt', async () => {
    const queue = setup();
    const seen: Delivery[] = [];
    let finish!: () => void;
    const hung = new Promise<void>((resolve) => (finish = resolve));
    cleanups.push(async () => finish());
    const running = await worker(
      queue,
      async (delivery) => {
        seen.push(delivery);
        await hung;
      },
      300,
    );
    const message = envelope(1);
    await queue.publish(QUEUE, message);
    await waitUntil(() => seen.length === 1, 'the job to start');

    await running.stop();
    const next = await nextWorker(queue);
    await waitUntil(() => next.length === 1, 'the job to reach the next worker');
    expect(next[0]).toEqual({ envelope: message, attempt: 1, isLastAttempt: false });
    // The first worker's handler ending late settles nothing: the message is the next worker's now.
    finish();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(next).toHaveLength(1);
  });

  it('keeps the attempt a job was on: one that failed once comes back as attempt 2, not 3', async () => {
    const queue = setup();
    const seen: number[] = [];
    let finish!: () => void;
    const hung = new Promise<void>((resolve) => (finish = resolve));
    cleanups.push(async () => finish());
    const running = await worker(
      queue,
      async (delivery) => {
        seen.push(delivery.attempt);
        if (delivery.attempt === 1) throw new Error('a real failure');
        await hung;
      },
      200,
    );
    const message = envelope(2);
    await queue.publish(QUEUE, message);
    await waitUntil(() => seen.length === 2, 'the retry to start');

    await running.stop();
    const next = await nextWorker(queue);
    await waitUntil(() => next.length === 1, 'the job to reach the next worker');
    expect(seen).toEqual([1, 2]);
    expect(next[0]).toEqual({ envelope: message, attempt: 2, isLastAttempt: false });
  });

  it('lets a running job finish within the grace and takes no new one while stopping', async () => {
    const queue = setup();
    const finished: number[] = [];
    let stopping = false;
    const started: number[] = [];
    const running = await worker(
      queue,
      async (delivery) => {
        const n = (delivery.envelope.payload as { n: number }).n;
        started.push(n);
        await waitUntil(() => stopping, 'the stop');
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished.push(n);
      },
      10_000,
    );
    await queue.publish(QUEUE, envelope(1));
    const second = envelope(2);
    await queue.publish(QUEUE, second);
    await waitUntil(() => started.length === 1, 'the first job to start');

    stopping = true;
    await running.stop();
    expect(finished).toEqual([1]); // finished before stop() resolved
    expect(started).toEqual([1]); // the second never started here
    const next = await nextWorker(queue);
    await waitUntil(() => next.length === 1, 'the second job to reach the next worker');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Only the second: the first was acknowledged when it finished.
    expect(next).toEqual([{ envelope: second, attempt: 1, isLastAttempt: false }]);
  });
});
