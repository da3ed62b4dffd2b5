/**
 * The diffusers engine in real workers on RabbitMQ: a worker running `diffusers-lora` drives real Python
 * processes for a training job and a generation job and stores a signed image; beside it on the same
 * broker (and namespace) a quilt worker. Each takes only its own engine's jobs, and an image is made
 * only by the engine that trained its style.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@style-license/platform/logger';
import { createAmqpTransport, type QueueTransport } from '@style-license/platform/queue';
import { createLocalStorage, type ObjectStorage } from '@style-license/platform/storage';
import {
  GENERATION_JOB_TYPES,
  JOB_TYPES,
  QUEUES,
  generationKeys,
  jobQueueName,
  type Engine,
  type Envelope,
  type GenerationRequested,
  type TrainingRequested,
} from '@style-license/shared';
import { loadWorkerConfig } from '../../src/config';
import { createDiffusersEngine } from '../../src/engines/diffusers/index';
import { signGeneratedImage } from '../../src/signing';
import { makeTrainingSet } from '../../src/testing';
import { defaultHandlers, startWorker, type JobHandlers, type RunningWorker } from '../../src/worker';
import { exampleGrant } from '../license-fixture';
import { drawTestSignature } from '../worker-harness';
import { diffusersTestEnv } from '../../src/testing/python';

const url = process.env.TEST_AMQP_URL;
if (!url)
  throw new Error('TEST_AMQP_URL is not set: run through npm test, which starts RabbitMQ for the tests');

const logger = createLogger({ name: 'routing-test', level: 'silent', pretty: false });
const namespace = `t${randomUUID().slice(0, 8)}.`;
const SIGNATURE_KEY = `signatures/${randomUUID()}/v1.png`;
let dir: string;
let storage: ObjectStorage;
let broker: QueueTransport;
let diffusersEnv: Record<string, string>;
const events: Envelope[] = [];
/** Which worker ran each job, by job id. */
const ranBy = new Map<string, string>();
const workers: { stop(): Promise<unknown> }[] = [];

function transport() {
  const queue = createAmqpTransport({ url: url!, namespace, maxDeliveries: 3, logger });
  workers.push({ stop: () => queue.close() });
  return queue;
}

/** A worker of the given engines whose handlers note, per job, that this worker ran it. */
async function startNamedWorker(name: string, env: Record<string, string>): Promise<RunningWorker> {
  const config = loadWorkerConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const noting = (handlers: JobHandlers): JobHandlers =>
    Object.fromEntries(
      Object.entries(handlers).map(([type, handle]) => [
        type,
        (delivery, deps) => {
          const payload = delivery.envelope.payload as { jobId?: string; generationId?: string };
          ranBy.set(payload.jobId ?? payload.generationId ?? '?', name);
          return handle(delivery, deps);
        },
      ]),
    );
  const worker = await startWorker({ config, logger, queue: transport(), storage }, (engine) =>
    noting(defaultHandlers(engine)),
  );
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sl-routing-'));
  storage = createLocalStorage({
    dir,
    publicBaseUrl: 'http://127.0.0.1:1',
    signingSecret: 'routing-test-secret',
  });
  await storage.put(SIGNATURE_KEY, await drawTestSignature(), { contentType: 'image/png' });
  diffusersEnv = await diffusersTestEnv('sd15');
  broker = transport();
  await broker.consume(QUEUES.jobEvents, async (delivery) => void events.push(delivery.envelope));
  await startNamedWorker('quilt-worker', { WORKER_ENGINES: 'quilt' });
  await startNamedWorker('diffusers-worker', { WORKER_ENGINES: 'diffusers-lora', ...diffusersEnv });
}, 120_000);

afterAll(async () => {
  for (const worker of workers.reverse()) await worker.stop().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

async function eventFor(type: string, key: 'jobId' | 'generationId', id: string, ms = 180_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = events.find((e) => e.type === type && (e.payload as Record<string, unknown>)[key] === id);
    if (found) return found.payload as Record<string, unknown>;
    const failed = events.find(
      (e) => e.type.endsWith('.failed') && (e.payload as Record<string, unknown>)[key] === id,
    );
    if (failed) throw new Error(`job failed: ${JSON.stringify(failed.payload)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${type} of ${id}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function submitTraining(engine: Engine, styleId: string) {
  const set = await makeTrainingSet(engine === 'quilt' ? 'pastel' : 'ember', 10, { size: 96 });
  const images = await Promise.all(
    set.map(async (image, n) => {
      const key = `styles/${styleId}/training/${n}.png`;
      await storage.put(key, image.data, { contentType: 'image/png' });
      return { key, tags: image.tags };
    }),
  );
  const job: TrainingRequested = {
    jobId: randomUUID(),
    styleId,
    engine,
    images,
    signatureKey: SIGNATURE_KEY,
    artistName: 'Jane Doe',
    styleName: `Style ${engine}`,
  };
  await broker.publish(jobQueueName('model_training', engine), envelope(JOB_TYPES.trainingRequested, job));
  return job;
}

function envelope(type: string, payload: unknown): Envelope {
  return { id: randomUUID(), type, createdAt: '2026-06-01T12:00:00.000Z', payload };
}

function generationJob(engine: Engine, styleId: string, artifactKey: string): GenerationRequested {
  const licenseId = randomUUID();
  return {
    generationId: randomUUID(),
    styleId,
    engine,
    artifactKey,
    signatureKey: SIGNATURE_KEY,
    license: {
      ...exampleGrant,
      licenseId,
      licenseUrl: `https://style-license.test/licenses/${licenseId}`,
      styleId,
      engine,
    },
    tags: ['portrait'],
    text: 'a quiet harbour',
    seed: 11,
  };
}

describe('jobs routed by engine', () => {
  it('trains and generates with real Python in the diffusers worker, quilt jobs in the quilt worker', async () => {
    const loraStyle = randomUUID();
    const quiltStyle = randomUUID();
    const [loraJob, quiltJob] = await Promise.all([
      submitTraining('diffusers-lora', loraStyle),
      submitTraining('quilt', quiltStyle),
    ]);
    const [loraDone, quiltDone] = await Promise.all([
      eventFor(JOB_TYPES.trainingCompleted, 'jobId', loraJob.jobId),
      eventFor(JOB_TYPES.trainingCompleted, 'jobId', quiltJob.jobId),
    ]);
    expect(ranBy.get(loraJob.jobId)).toBe('diffusers-worker');
    expect(ranBy.get(quiltJob.jobId)).toBe('quilt-worker');
    expect(loraDone.artifactKey).toBe(`models/${loraStyle}/${loraJob.jobId}.safetensors`);
    expect(quiltDone.artifactKey).toBe(`models/${quiltStyle}/${quiltJob.jobId}.quilt`);
    // A safetensors file: an 8-byte little-endian header length, then a JSON header naming LoRA tensors.
    const adapter = await storage.get(loraDone.artifactKey as string);
    const header = JSON.parse(adapter.subarray(8, 8 + Number(adapter.readBigUInt64LE(0))).toString('utf8'));
    expect(Object.keys(header).some((name) => name.includes('lora'))).toBe(true);
    // Its samples were rendered by the LoRA and stored signed (WebP previews only).
    for (const key of loraDone.sampleKeys as string[])
      expect((await sharp(await storage.get(key)).metadata()).format).toBe('webp');
    const progress = events.filter(
      (e) =>
        e.type === JOB_TYPES.trainingProgress && (e.payload as { jobId: string }).jobId === loraJob.jobId,
    );
    expect(progress.length).toBeGreaterThan(0);

    const generation = generationJob('diffusers-lora', loraStyle, loraDone.artifactKey as string);
    await broker.publish(
      jobQueueName('image_generation', 'diffusers-lora'),
      envelope(GENERATION_JOB_TYPES.requested, generation),
    );
    const completed = await eventFor(GENERATION_JOB_TYPES.completed, 'generationId', generation.generationId);
    expect(ranBy.get(generation.generationId)).toBe('diffusers-worker');
    const keys = generationKeys(generation.generationId);
    expect(completed).toMatchObject({ imageKey: keys.image, previewKey: keys.preview });
    const stored = await storage.get(keys.image);

    // The engine is deterministic: the unsigned image can be remade here, and the stored file is exactly
    // it signed by the rules — nothing unsigned was stored.
    const config = loadWorkerConfig({ NODE_ENV: 'test', WORKER_ENGINES: 'diffusers-lora', ...diffusersEnv });
    const again = createDiffusersEngine(config, logger);
    try {
      const unsigned = await again.generate(adapter, generation);
      const expected = await signGeneratedImage({
        image: unsigned,
        signature: await storage.get(SIGNATURE_KEY),
        meta: { ...generation.license, year: 2026 },
      });
      expect(stored.equals(expected.png)).toBe(true);
      for (const key of await storage.list('')) expect((await storage.get(key)).equals(unsigned)).toBe(false);
    } finally {
      await again.close();
    }
    expect((await sharp(stored).metadata()).xmp!.toString('utf8')).toContain(generation.license.licenseId);
  }, 300_000);

  it('fails a job that reached the wrong engine at once, instead of reading a model it cannot read', async () => {
    const generation = generationJob('quilt', randomUUID(), 'models/x/y.quilt');
    await broker.publish(
      jobQueueName('image_generation', 'diffusers-lora'),
      envelope(GENERATION_JOB_TYPES.requested, generation),
    );
    const failed = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const deadline = Date.now() + 60_000;
      const poll = () => {
        const found = events.find(
          (e) =>
            e.type === GENERATION_JOB_TYPES.failed &&
            (e.payload as { generationId: string }).generationId === generation.generationId,
        );
        if (found) return resolve(found.payload as Record<string, unknown>);
        if (Date.now() > deadline) return reject(new Error('no failure reported'));
        setTimeout(poll, 50);
      };
      poll();
    });
    expect(failed).toMatchObject({ code: 'processing_failed' });
    expect(String(failed.detail)).toMatch(/quilt job reached the diffusers-lora engine/);
    expect(ranBy.get(generation.generationId)).toBe('diffusers-worker');
  }, 90_000);
});
