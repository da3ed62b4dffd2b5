/**
 * Worker overhead per training job, engine excluded: from publishing `training.requested` on RabbitMQ
 * to receiving `training.completed` on job_events, with an engine that returns at once. What remains is
 * the queue hops, JSON validation, the downloads and uploads (local object store), event publishing and
 * signing the three samples (every stored sample is signed). Goal (issue): < 50 ms median.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import { createAmqpTransport } from '@style-license/platform/queue';
import { createLocalStorage } from '@style-license/platform/storage';
import { JOB_TYPES, QUEUES, jobQueueName } from '@style-license/shared';
import { median, percentile, report } from '../../scripts/bench-report';
import { loadWorkerConfig } from '../src/config';
import type { StyleEngine } from '../src/engines/engine';
import { trainingHandler } from '../src/jobs/training';
import { startWorker } from '../src/worker';

const JOBS = 60;
const IMAGES_PER_JOB = 10;
// One real 512×512 image, made once: samples are signed, so the engine's output must be a real picture.
const sample = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#6a8caf' } })
  .png()
  .toBuffer();
const signature = await sharp(
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90"><path d="M10 70 C 90 0, 180 90, 290 20" stroke="#111" stroke-width="8" fill="none"/></svg>',
  ),
)
  .png()
  .toBuffer();
const instant: StyleEngine = {
  name: 'quilt',
  train: async (_images, onProgress) => (onProgress(100), Buffer.from('artifact')),
  generate: async () => sample,
};

const dir = mkdtempSync(join(tmpdir(), 'sl-bench-worker-'));
const storage = createLocalStorage({
  dir,
  publicBaseUrl: 'http://127.0.0.1:1',
  signingSecret: 'bench-secret-bench-secret',
});
const url = process.env.TEST_AMQP_URL!;
const serverSide = createAmqpTransport({ url, maxDeliveries: 3 });
const workerSide = createAmqpTransport({ url, maxDeliveries: 3 });
const logger = pino({ level: 'silent' });
const config = loadWorkerConfig({ NODE_ENV: 'production', AMQP_URL: url, SINGLE_HOST: 'true' });
const worker = await startWorker(
  { config, logger, queue: workerSide, storage },
  {
    [JOB_TYPES.trainingRequested]: trainingHandler(instant),
  },
);

const sent = new Map<string, number>();
const latencies: number[] = [];
/** From the broker's confirm of the request (the job is in the queue) to the completed event. */
const fromQueued: number[] = [];
const confirms: number[] = [];
const queuedAt = new Map<string, number>();
let resolveDone: () => void;
const done = new Promise<void>((r) => (resolveDone = r));
const events = await serverSide.consume(QUEUES.jobEvents, async ({ envelope }) => {
  if (envelope.type !== JOB_TYPES.trainingCompleted) return;
  const { jobId } = envelope.payload as { jobId: string };
  const now = performance.now();
  latencies.push(now - sent.get(jobId)!);
  fromQueued.push(now - queuedAt.get(jobId)!);
  if (latencies.length === JOBS) resolveDone();
});

try {
  const styleId = randomUUID();
  const signatureKey = `signatures/${styleId}.png`;
  await storage.put(signatureKey, signature, { contentType: 'image/png' });
  const images = [];
  for (let i = 0; i < IMAGES_PER_JOB; i++) {
    const key = `styles/${styleId}/training/${i}.png`;
    await storage.put(key, Buffer.alloc(64 * 1024, i));
    images.push({ key, tags: ['bench'] });
  }
  // One job at a time, as a training worker (prefetch 1) runs them.
  for (let i = 0; i < JOBS; i++) {
    const jobId = randomUUID();
    sent.set(jobId, performance.now());
    const before = latencies.length;
    await serverSide.publish(jobQueueName('model_training', 'quilt'), {
      id: randomUUID(),
      type: JOB_TYPES.trainingRequested,
      createdAt: new Date().toISOString(),
      payload: {
        jobId,
        styleId,
        engine: 'quilt',
        images,
        signatureKey,
        artistName: 'Bench Artist',
        styleName: 'Bench Style',
      },
    });
    queuedAt.set(jobId, performance.now());
    confirms.push(queuedAt.get(jobId)! - sent.get(jobId)!);
    while (latencies.length === before) await new Promise((r) => setTimeout(r, 1));
  }
  await done;
} finally {
  await events.cancel();
  await worker.stop();
  await Promise.all([serverSide.close(), workerSide.close()]);
  rmSync(dir, { recursive: true, force: true });
}

// The first jobs pay for connections and JIT warm-up.
const [measured, queued, confirm] = [latencies, fromQueued, confirms].map((list) => list.slice(5)) as [
  number[],
  number[],
  number[],
];
report({
  name: 'Worker overhead per training job (engine excluded)',
  rows: [
    {
      metric: `median ms, job in the queue (request confirmed) → completed event received (${queued.length} jobs, ${IMAGES_PER_JOB} images each)`,
      value: median(queued).toFixed(1),
    },
    { metric: 'p95 ms, same', value: percentile(queued, 95).toFixed(1) },
    {
      metric: 'median ms, including the publisher confirm of the request',
      value: median(measured).toFixed(1),
    },
    {
      metric: 'median ms, one publisher confirm on a quorum queue (for scale)',
      value: median(confirm).toFixed(1),
    },
  ],
  notes:
    'Real RabbitMQ (quorum queues, publisher confirms both ways), local object store; the engine returns at ' +
    'once, so this is delivery, validation, 10 downloads, signing 3 samples, 4 uploads and the events. Goal < 50 ms median from ' +
    'the job being in the queue. The publisher confirm of the request itself is a broker fsync on this VM.',
});
