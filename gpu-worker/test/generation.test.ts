/**
 * The generation consumer in a real worker loop: the in-process queue (same semantics as RabbitMQ:
 * retries, dead-lettering), a local object store in a temp dir, the quilt engine on a model trained
 * here. What it proves: only signed files are stored, the result event carries the stored file's hash,
 * a redelivery reports again without generating, failures are reported once on the last attempt.
 */
import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueue } from '@style-license/platform/queue';
import {
  GENERATION_JOB_TYPES,
  generationCompletedSchema,
  generationFailedSchema,
  generationKeys,
  type Envelope,
  type GenerationRequested,
  jobQueueName,
} from '@style-license/shared';
import { quiltEngine, type StyleEngine } from '../src/engines/engine';
import { createArtifactCache, type ArtifactCache } from '../src/engines/artifact-cache';
import { generationHandler } from '../src/jobs/generation';
import { signGeneratedImage } from '../src/signing';
import { makeTrainingSet } from '../src/testing';
import { exampleGrant } from './license-fixture';
import { drawTestSignature, ofType, startHarness, waitFor } from './worker-harness';

const STYLE_ID = randomUUID();
const ARTIFACT_KEY = `models/${STYLE_ID}/model.quilt`;
const SIGNATURE_KEY = `signatures/${STYLE_ID}/v1.png`;
let artifact: Buffer;
let signature: Buffer;

beforeAll(async () => {
  artifact = await quiltEngine.train(await makeTrainingSet('ember', 4, { size: 256 }), () => {});
  signature = await drawTestSignature();
});

function request(overrides: Partial<GenerationRequested> = {}): GenerationRequested {
  const licenseId = randomUUID();
  return {
    generationId: randomUUID(),
    styleId: STYLE_ID,
    engine: 'quilt',
    artifactKey: ARTIFACT_KEY,
    signatureKey: SIGNATURE_KEY,
    license: {
      ...exampleGrant,
      licenseId,
      licenseUrl: `https://style-license.test/licenses/${licenseId}`,
      styleId: STYLE_ID,
    },
    tags: ['portrait'],
    text: '',
    seed: 7,
    ...overrides,
  };
}

const envelopeOf = (payload: unknown): Envelope => ({
  id: randomUUID(),
  type: GENERATION_JOB_TYPES.requested,
  createdAt: '2025-06-01T12:00:00.000Z',
  requestId: `req-${randomUUID()}`,
  payload,
});

/** Counts calls, so a test can tell "generated again" from "reported again". */
function counting(engine: StyleEngine) {
  const counter = { calls: 0 };
  const wrapped: StyleEngine = {
    ...engine,
    generate: (model, req) => {
      counter.calls++;
      return engine.generate(model, req);
    },
  };
  return { engine: wrapped, counter };
}

async function startGenerationHarness(engine: StyleEngine, cache?: ArtifactCache) {
  let gets = 0;
  const harness = await startHarness({
    handlers: { [GENERATION_JOB_TYPES.requested]: generationHandler(engine, cache) },
    wrapStorage: (local) => ({
      ...local,
      get: (key) => {
        if (key === ARTIFACT_KEY) gets++;
        return local.get(key);
      },
    }),
    seed: async (storage) => {
      await storage.put(ARTIFACT_KEY, artifact);
      await storage.put(SIGNATURE_KEY, signature, { contentType: 'image/png' });
    },
  });
  return { ...harness, artifactGets: () => gets };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('generation consumer', () => {
  it('stores only the signed PNG and WebP and reports completed with the stored PNG’s hash', async () => {
    const h = await startGenerationHarness(quiltEngine);
    const job = request();
    const envelope = envelopeOf(job);
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelope);
    const done = await waitFor(() => ofType(h, GENERATION_JOB_TYPES.completed)[0]);
    const keys = generationKeys(job.generationId);
    const payload = generationCompletedSchema.parse(done.payload);
    expect(payload).toEqual({
      generationId: job.generationId,
      imageKey: keys.image,
      previewKey: keys.preview,
      sha256: payload.sha256,
      license: job.license,
    });
    expect(done.requestId).toBe(envelope.requestId);

    const stored = await h.storage.get(keys.image);
    expect(sha256(stored)).toBe(payload.sha256);
    expect((await h.storage.list('')).sort()).toEqual(
      [ARTIFACT_KEY, keys.image, keys.preview, SIGNATURE_KEY].sort(),
    );
    expect((await sharp(await h.storage.get(keys.preview)).metadata()).format).toBe('webp');

    // The engine is deterministic, so its unsigned output can be remade here: it is in no stored object,
    // and the stored PNG is exactly that image signed by the rules.
    const unsigned = await quiltEngine.generate(artifact, job);
    for (const key of await h.storage.list(''))
      expect((await h.storage.get(key)).equals(unsigned)).toBe(false);
    const meta = { ...job.license, year: 2025 };
    const expected = await signGeneratedImage({ image: unsigned, signature, meta });
    const [ours, theirs, plain] = await Promise.all(
      [stored, expected.png, unsigned].map((png) => sharp(png).raw().toBuffer()),
    );
    expect(ours!.equals(theirs!)).toBe(true);
    const b = expected.box;
    const row = (data: Buffer, y: number) =>
      data.subarray((y * 512 + b.left) * 3, (y * 512 + b.left + b.width) * 3);
    const middle = b.top + Math.floor(b.height / 2);
    expect(row(ours!, middle).equals(row(plain!, middle))).toBe(false);

    const read = await sharp(stored).metadata();
    expect(read.exif!.toString('latin1')).toContain('Jane Doe');
    const xmp = read.xmp!.toString('utf8');
    expect(xmp).toContain(job.license.licenseId);
    expect(xmp).toContain(job.license.licenseUrl);
    expect(xmp).toContain('<rdf:li>Jane Doe</rdf:li>');
  });

  it('a redelivered request reports completed again from the stored PNG without generating again', async () => {
    const { engine, counter } = counting(quiltEngine);
    const h = await startGenerationHarness(engine);
    const job = request();
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf(job));
    await waitFor(() => ofType(h, GENERATION_JOB_TYPES.completed).length === 1);
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf(job));
    const both = await waitFor(() => {
      const done = ofType(h, GENERATION_JOB_TYPES.completed);
      return done.length === 2 && done;
    });
    expect(counter.calls).toBe(1);
    expect(both[1]!.payload).toEqual(both[0]!.payload);
    expect(both[1]!.id).not.toBe(both[0]!.id); // a new event; the server applies the generation once
  });

  it('an engine that throws every time: generation.failed once, on the third attempt, and the message dead-lettered', async () => {
    let calls = 0;
    const broken: StyleEngine = {
      ...quiltEngine,
      generate: async () => {
        calls++;
        throw new Error('GPU fell over');
      },
    };
    const h = await startGenerationHarness(broken);
    const job = request();
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf(job));
    await waitFor(() => h.queue.depth(deadLetterQueue(jobQueueName('image_generation', 'quilt'))) === 1);
    await new Promise((r) => setTimeout(r, 50)); // a stray event would land by now
    expect(calls).toBe(3);
    const failed = ofType(h, GENERATION_JOB_TYPES.failed);
    expect(failed).toHaveLength(1);
    const payload = generationFailedSchema.parse(failed[0]!.payload);
    expect(payload.generationId).toBe(job.generationId);
    // Users are told a code; what broke is for the operators' logs.
    expect(payload.code).toBe('processing_failed');
    expect(payload.detail).toContain('GPU fell over');
    expect(ofType(h, GENERATION_JOB_TYPES.completed)).toHaveLength(0);
    expect(await h.storage.list('generations/')).toEqual([]);
  });

  it('an engine that fails once and then works: completed, no failure reported', async () => {
    let calls = 0;
    const flaky: StyleEngine = {
      ...quiltEngine,
      generate: (model, req) =>
        ++calls === 1 ? Promise.reject(new Error('transient')) : quiltEngine.generate(model, req),
    };
    const h = await startGenerationHarness(flaky);
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf(request()));
    await waitFor(() => ofType(h, GENERATION_JOB_TYPES.completed).length === 1);
    expect(ofType(h, GENERATION_JOB_TYPES.failed)).toHaveLength(0);
    expect(calls).toBe(2);
  });

  it('a malformed request that names its generation is reported invalid at once (so it is refunded) and dead-lettered unretried', async () => {
    const { engine, counter } = counting(quiltEngine);
    const h = await startGenerationHarness(engine);
    const job = request();
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf({ ...job, seed: -1 }));
    await waitFor(() => h.queue.depth(deadLetterQueue(jobQueueName('image_generation', 'quilt'))) === 1);
    await waitFor(() => ofType(h, GENERATION_JOB_TYPES.failed).length === 1);
    expect(generationFailedSchema.parse(ofType(h, GENERATION_JOB_TYPES.failed)[0]!.payload)).toEqual({
      generationId: job.generationId,
      code: 'invalid_request',
      detail: 'the job failed its schema',
    });
    expect(counter.calls).toBe(0);
  });

  it('a request picked up after its deadline is reported expired and acked without rendering', async () => {
    const { engine, counter } = counting(quiltEngine);
    const h = await startGenerationHarness(engine);
    const job = { ...request(), deadline: new Date(Date.now() - 1000).toISOString() };
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf(job));
    const failed = await waitFor(() => ofType(h, GENERATION_JOB_TYPES.failed)[0]);
    expect(generationFailedSchema.parse(failed.payload)).toMatchObject({
      generationId: job.generationId,
      code: 'expired',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(counter.calls).toBe(0);
    expect(ofType(h, GENERATION_JOB_TYPES.started)).toHaveLength(0);
    expect(h.queue.depth(jobQueueName('image_generation', 'quilt'))).toBe(0);
    expect(h.queue.depth(deadLetterQueue(jobQueueName('image_generation', 'quilt')))).toBe(0);
    expect(await h.storage.list('generations/')).toEqual([]);
  });

  it('a request whose deadline is still ahead is rendered', async () => {
    const h = await startGenerationHarness(quiltEngine);
    const job = { ...request(), deadline: new Date(Date.now() + 60_000).toISOString() };
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf(job));
    await waitFor(() => ofType(h, GENERATION_JOB_TYPES.completed).length === 1);
    expect(ofType(h, GENERATION_JOB_TYPES.failed)).toHaveLength(0);
  });

  it('an object store that is down for more attempts than allowed: the job waits, then completes; nothing is reported failed', async () => {
    let refusals = 0;
    const outage = 5; // more than maxDeliveries: returning the message each time would dead-letter it
    const h = await startGenerationHarness(quiltEngine);
    const put = h.storage.put;
    h.storage.put = async (key, body, options) => {
      if (key.startsWith('generations/') && refusals < outage) {
        refusals++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
      }
      return put(key, body, options);
    };
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf(request()));
    await waitFor(() => ofType(h, GENERATION_JOB_TYPES.completed).length === 1, 30_000);
    expect(refusals).toBe(outage);
    expect(ofType(h, GENERATION_JOB_TYPES.failed)).toHaveLength(0);
    expect(h.queue.depth(deadLetterQueue(jobQueueName('image_generation', 'quilt')))).toBe(0);
    const started = ofType(h, GENERATION_JOB_TYPES.started).map(
      (e) => (e.payload as { attempt: number }).attempt,
    );
    expect(new Set(started)).toEqual(new Set([1]));
  });

  it('two generations of one style load the model artifact once', async () => {
    const cache = createArtifactCache();
    const { engine, counter } = counting(quiltEngine);
    const h = await startGenerationHarness(engine, cache);
    // Published together: with prefetch 2 they run side by side, so the second joins the first's load.
    await h.queue.publish(jobQueueName('image_generation', 'quilt'), envelopeOf(request({ seed: 1 })));
    await h.queue.publish(
      jobQueueName('image_generation', 'quilt'),
      envelopeOf(request({ seed: 2, tags: ['landscape'] })),
    );
    await waitFor(() => ofType(h, GENERATION_JOB_TYPES.completed).length === 2);
    expect(counter.calls).toBe(2);
    expect(h.artifactGets()).toBe(1);
    expect(cache.stats()).toMatchObject({ loads: 1, hits: 1, entries: 1, cost: artifact.length });
    expect(await h.storage.list('generations/')).toHaveLength(4);
  });
});
