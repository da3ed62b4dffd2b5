/**
 * The training consumer in a real worker loop: the in-process queue (retries, dead-lettering, holding
 * while a dependency is down), a local object store in a temp dir, the quilt engine on a small generated
 * training set. What it proves: every stored sample is the engine's image signed by the rules, with the
 * artist's metadata marked as an unlicensed sample, and no unsigned engine output is ever stored; a
 * malformed job is reported at once; an object-store outage delays training without failing it, and
 * without training again.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueue } from '@style-license/platform/queue';
import {
  JOB_TYPES,
  LICENSE_TERMS_V1,
  SAMPLE_TERMS_V1,
  trainingCompletedSchema,
  trainingFailedSchema,
  type Envelope,
  type TrainingRequested,
  jobQueueName,
} from '@style-license/shared';
import { quiltEngine, type StyleEngine } from '../src/engines/engine';
import { trainingHandler } from '../src/jobs/training';
import { signSampleImage } from '../src/signing';
import { makeTrainingSet, type TrainingArtwork } from '../src/testing';
import { drawTestSignature, ofType, startHarness, waitFor, type Harness } from './worker-harness';

const SIGNATURE_KEY = `signatures/${randomUUID()}/v1.png`;
const CREATED_AT = '2025-06-01T12:00:00.000Z';
let trainingSet: TrainingArtwork[];
let signature: Buffer;

beforeAll(async () => {
  trainingSet = await makeTrainingSet('ember', 4, { size: 256 });
  signature = await drawTestSignature();
});

const trainingKeyOf = (styleId: string, n: number) => `styles/${styleId}/training/${n}.png`;

function request(overrides: Partial<TrainingRequested> = {}): TrainingRequested {
  const styleId = overrides.styleId ?? randomUUID();
  return {
    jobId: randomUUID(),
    styleId,
    engine: 'quilt',
    images: trainingSet.map((image, n) => ({ key: trainingKeyOf(styleId, n), tags: image.tags })),
    signatureKey: SIGNATURE_KEY,
    artistName: 'Jane Doe',
    styleName: 'Morning Wash',
    ...overrides,
  };
}

const envelopeOf = (payload: unknown): Envelope => ({
  id: randomUUID(),
  type: JOB_TYPES.trainingRequested,
  createdAt: CREATED_AT,
  requestId: `req-${randomUUID()}`,
  payload,
});

/** Keeps every image the engine generated, unsigned, so the test can look for it in storage. */
function recording(engine: StyleEngine) {
  const unsigned: Buffer[] = [];
  const counter = { trains: 0 };
  const wrapped: StyleEngine = {
    ...engine,
    train: (images, onProgress) => {
      counter.trains++;
      return engine.train(images, onProgress);
    },
    generate: async (model, req) => {
      const image = await engine.generate(model, req);
      unsigned.push(image);
      return image;
    },
  };
  return { engine: wrapped, unsigned, counter };
}

function startTrainingHarness(engine: StyleEngine, job: TrainingRequested) {
  return startHarness({
    handlers: { [JOB_TYPES.trainingRequested]: trainingHandler(engine) },
    seed: async (storage) => {
      await storage.put(SIGNATURE_KEY, signature, { contentType: 'image/png' });
      await Promise.all(
        trainingSet.map((image, n) =>
          storage.put(trainingKeyOf(job.styleId, n), image.data, { contentType: 'image/png' }),
        ),
      );
    },
  });
}

const sampleMeta = (job: TrainingRequested) => ({
  artistName: job.artistName,
  styleName: job.styleName,
  year: 2025,
});

/** Mean absolute difference per channel value between two same-size RGB images, over one box. */
function meanDifference(
  a: Buffer,
  b: Buffer,
  width: number,
  box: { left: number; top: number; width: number; height: number },
) {
  let sum = 0;
  for (let y = box.top; y < box.top + box.height; y++)
    for (let x = box.left; x < box.left + box.width; x++)
      for (let c = 0; c < 3; c++) sum += Math.abs(a[(y * width + x) * 3 + c]! - b[(y * width + x) * 3 + c]!);
  return sum / (box.width * box.height * 3);
}

/**
 * The stored samples: each is exactly one of the engine's images signed by the rules (the signature is
 * visibly in its corner and nowhere else), carries the artist's name marked as an unlicensed sample, and
 * no stored object is any unsigned engine output.
 */
async function expectSignedSamples(h: Harness, job: TrainingRequested, unsigned: Buffer[]) {
  const done = await waitFor(() => ofType(h, JOB_TYPES.trainingCompleted)[0]);
  const payload = trainingCompletedSchema.parse(done.payload);
  expect(payload.sampleKeys.length).toBeGreaterThan(0);
  expect(payload.thumbnailKey).toBe(payload.sampleKeys[0]);
  expect((await h.storage.list(`styles/${job.styleId}/samples/`)).sort()).toEqual(
    [...payload.sampleKeys].sort(),
  );

  for (const key of await h.storage.list(''))
    for (const image of unsigned) expect((await h.storage.get(key)).equals(image)).toBe(false);

  const expected = await Promise.all(
    unsigned.map((image) => signSampleImage({ image, signature, meta: sampleMeta(job) })),
  );
  for (const key of payload.sampleKeys) {
    const stored = await h.storage.get(key);
    const n = expected.findIndex((signed) => signed.webp.equals(stored));
    expect(n, `${key} is an engine image signed by the rules`).toBeGreaterThanOrEqual(0);

    const read = await sharp(stored).metadata();
    expect([read.format, read.width, read.height]).toEqual(['webp', 512, 512]);
    const [ours, plain] = await Promise.all(
      [stored, unsigned[n]!].map((image) => sharp(image).removeAlpha().raw().toBuffer()),
    );
    const { box } = expected[n]!;
    const elsewhere = { ...box, left: 0, top: 0 };
    expect(meanDifference(ours!, plain!, 512, box)).toBeGreaterThan(
      4 * meanDifference(ours!, plain!, 512, elsewhere) + 5,
    );

    const exif = read.exif!.toString('latin1');
    expect(exif).toContain('Jane Doe');
    expect(exif).toContain('not licensed');
    const xmp = read.xmp!.toString('utf8');
    expect(xmp).toContain('<rdf:li>Jane Doe</rdf:li>');
    expect(xmp).toContain('<stylelicense:StyleName>Morning Wash</stylelicense:StyleName>');
    expect(xmp).toContain('<stylelicense:Sample>True</stylelicense:Sample>');
    expect(xmp).toContain(SAMPLE_TERMS_V1.replace(/'/g, '&apos;'));
    for (const licensed of ['LicenseId', 'WebStatement', '/licenses/', LICENSE_TERMS_V1.slice(0, 40)])
      expect(xmp + exif).not.toContain(licensed);
  }
  return payload;
}

describe('training consumer', () => {
  it('stores only signed samples, marked as unlicensed samples of the artist’s style, and never an unsigned engine image', async () => {
    const { engine, unsigned } = recording(quiltEngine);
    const job = request();
    const h = await startTrainingHarness(engine, job);
    await h.queue.publish(jobQueueName('model_training', 'quilt'), envelopeOf(job));
    const payload = await expectSignedSamples(h, job, unsigned);
    expect(unsigned).toHaveLength(payload.sampleKeys.length);
    expect(ofType(h, JOB_TYPES.trainingFailed)).toHaveLength(0);
  }, 120_000);

  it('a malformed training job that names its job and style is reported invalid at once and dead-lettered unretried', async () => {
    const { engine, counter } = recording(quiltEngine);
    const job = request();
    const h = await startTrainingHarness(engine, job);
    await h.queue.publish(jobQueueName('model_training', 'quilt'), envelopeOf({ ...job, images: [] }));
    await waitFor(() => h.queue.depth(deadLetterQueue(jobQueueName('model_training', 'quilt'))) === 1);
    await waitFor(() => ofType(h, JOB_TYPES.trainingFailed).length === 1);
    expect(trainingFailedSchema.parse(ofType(h, JOB_TYPES.trainingFailed)[0]!.payload)).toEqual({
      jobId: job.jobId,
      styleId: job.styleId,
      code: 'invalid_request',
      detail: 'the job failed its schema',
    });
    await new Promise((r) => setTimeout(r, 100)); // a retry would have started by now
    expect(counter.trains).toBe(0);
    expect(ofType(h, JOB_TYPES.trainingProgress)).toHaveLength(0);
  });

  it('an object store that is down for more attempts than allowed: the training waits, then completes with signed samples, trained once; nothing is reported failed', async () => {
    const { engine, unsigned, counter } = recording(quiltEngine);
    const job = request();
    const h = await startTrainingHarness(engine, job);
    let refusals = 0;
    const outage = 5; // more than maxDeliveries: returning the message each time would dead-letter it
    const put = h.storage.put;
    h.storage.put = async (key, body, options) => {
      if (key.startsWith(`styles/${job.styleId}/samples/`) && refusals < outage) {
        refusals++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
      }
      return put(key, body, options);
    };
    await h.queue.publish(jobQueueName('model_training', 'quilt'), envelopeOf(job));
    await expectSignedSamples(h, job, unsigned);
    expect(refusals).toBe(outage);
    // Every held retry resumed at storing the samples with the artifact trained the first time.
    expect(counter.trains).toBe(1);
    expect(ofType(h, JOB_TYPES.trainingFailed)).toHaveLength(0);
    expect(h.queue.depth(deadLetterQueue(jobQueueName('model_training', 'quilt')))).toBe(0);
    expect(ofType(h, JOB_TYPES.trainingCompleted)).toHaveLength(1);
  }, 180_000);

  it('retries of a job that fails after training reuse its artifact; once reported failed, the job trains anew when replayed', async () => {
    const { engine, counter } = recording(quiltEngine);
    const job = request();
    const h = await startTrainingHarness(engine, job);
    let broken = true;
    const put = h.storage.put;
    h.storage.put = async (key, body, options) => {
      if (broken && key.startsWith(`styles/${job.styleId}/samples/`)) throw new Error('bucket policy denies');
      return put(key, body, options);
    };
    await h.queue.publish(jobQueueName('model_training', 'quilt'), envelopeOf(job));
    await waitFor(() => h.queue.depth(deadLetterQueue(jobQueueName('model_training', 'quilt'))) === 1);
    expect(ofType(h, JOB_TYPES.trainingFailed)).toHaveLength(1);
    expect(counter.trains).toBe(1); // three attempts, one training

    broken = false;
    await h.queue.publish(jobQueueName('model_training', 'quilt'), envelopeOf(job)); // e.g. replayed from the dead letters
    await waitFor(() => ofType(h, JOB_TYPES.trainingCompleted)[0]);
    expect(counter.trains).toBe(2);
  }, 180_000);
});
