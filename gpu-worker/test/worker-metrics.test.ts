/**
 * The worker's own HTTP listener and metrics, as a standalone worker runs them (main.ts): probes and
 * /metrics on a port of their own, job durations and queue lag by engine and kind, failures by reason,
 * artifact cache hits and misses through the real generation handler, and logs under `requestId`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@style-license/platform/logger';
import { createMemoryTransport, type MemoryTransport } from '@style-license/platform/queue';
import { createLocalStorage } from '@style-license/platform/storage';
import {
  GENERATION_JOB_TYPES,
  QUEUES,
  jobQueueName,
  type Envelope,
  type GenerationRequested,
} from '@style-license/shared';
import { loadWorkerConfig } from '../src/config';
import { quiltEngine } from '../src/engines/engine';
import { startWorkerHttp, type WorkerHttp } from '../src/http';
import { createWorkerMetrics, type WorkerMetrics } from '../src/metrics';
import { makeTrainingSet } from '../src/testing';
import { startWorker, type RunningWorker } from '../src/worker';
import { exampleGrant } from './license-fixture';
import { drawTestSignature, waitFor } from './worker-harness';

const QUEUE = jobQueueName('image_generation', 'quilt');
const STYLE_ID = randomUUID();
const ARTIFACT_KEY = `models/${STYLE_ID}/model.quilt`;
const SIGNATURE_KEY = `signatures/${STYLE_ID}/v1.png`;
const quiltGeneration = { engine: 'quilt', kind: 'image_generation' };

let dir: string;
let queue: MemoryTransport;
let metrics: WorkerMetrics;
let worker: RunningWorker;
let http: WorkerHttp;
let stopped = false;
const lines: Record<string, unknown>[] = [];
const events: Envelope[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sl-worker-metrics-'));
  const storage = createLocalStorage({
    dir,
    publicBaseUrl: 'http://127.0.0.1:1',
    signingSecret: 'x'.repeat(16),
  });
  await storage.put(
    ARTIFACT_KEY,
    await quiltEngine.train(await makeTrainingSet('ember', 4, { size: 256 }), () => {}),
  );
  await storage.put(SIGNATURE_KEY, await drawTestSignature());
  queue = createMemoryTransport({ maxDeliveries: 3, backoffMs: { min: 20, max: 100 } });
  await queue.consume(QUEUES.jobEvents, async (delivery) => void events.push(delivery.envelope));
  const config = loadWorkerConfig({ NODE_ENV: 'test', WORKER_HTTP_PORT: '0' });
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ name: 'worker', level: 'debug', pretty: false, destination: stream });
  metrics = createWorkerMetrics();
  // As main.ts wires them: the default handlers (real quilt generation, the artifact cache).
  worker = await startWorker({ config, logger, queue, storage, metrics });
  http = await startWorkerHttp({
    host: config.WORKER_HTTP_HOST,
    port: config.WORKER_HTTP_PORT,
    worker,
    queue,
    logger,
  });
}, 120_000);

afterAll(async () => {
  if (!stopped) await worker.stop();
  await http.close();
  await queue.close();
  await rm(dir, { recursive: true, force: true });
});

function generation(overrides: Partial<GenerationRequested> = {}): Envelope {
  const licenseId = randomUUID();
  const payload: GenerationRequested = {
    generationId: randomUUID(),
    styleId: STYLE_ID,
    engine: 'quilt',
    artifactKey: ARTIFACT_KEY,
    signatureKey: SIGNATURE_KEY,
    license: {
      ...exampleGrant,
      licenseId,
      licenseUrl: `https://x.test/licenses/${licenseId}`,
      styleId: STYLE_ID,
    },
    tags: ['portrait'],
    text: '',
    seed: 7,
    ...overrides,
  };
  return {
    id: randomUUID(),
    type: GENERATION_JOB_TYPES.requested,
    // Requested five seconds ago: the queue lag must show at least that.
    createdAt: new Date(Date.now() - 5000).toISOString(),
    requestId: `req-${randomUUID()}`,
    payload,
  };
}

/** The sum of a metric's samples (`_count` and `_sum` of histograms too) whose labels include `labels`. */
async function sampleSum(name: string, labels: Record<string, string> = {}) {
  const base = name.replace(/_(count|sum|bucket)$/, '');
  const { values } = await metrics.registry.getSingleMetric(base)!.get();
  // Histograms name each sample (`…_count`, `…_bucket`); counters' samples carry the metric's name.
  return (values as { metricName?: string; labels: Record<string, unknown>; value: number }[])
    .filter((v) => (v.metricName ?? base) === name)
    .filter((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

const ofType = (type: string) => events.filter((e) => e.type === type);

describe('the worker port', () => {
  it('answers liveness, readiness and metrics, and nothing else', async () => {
    const health = await fetch(`${http.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${http.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ready', consuming: true, queue: true },
    ]);
    const scrape = await fetch(`${http.url}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await scrape.text()).toContain('# TYPE job_duration_seconds histogram');
    expect((await fetch(`${http.url}/trpc/health.check`)).status).toBe(404);
    expect((await fetch(`${http.url}/metrics`, { method: 'POST' })).status).toBe(405);
    // Probes and scrapes leave no log line at all.
    expect(lines.filter((l) => JSON.stringify(l).match(/healthz|readyz|\/metrics/))).toEqual([]);
  });
});

describe('job metrics', () => {
  it('times handled generations by engine and kind, with their queue lag and artifact cache hits', async () => {
    const first = generation({ seed: 1 });
    await queue.publish(QUEUE, first);
    await waitFor(() => ofType(GENERATION_JOB_TYPES.completed).length === 1, 60_000);
    await queue.publish(QUEUE, generation({ seed: 2 }));
    await waitFor(() => ofType(GENERATION_JOB_TYPES.completed).length === 2, 60_000);

    expect(await sampleSum('job_duration_seconds_count', { ...quiltGeneration, outcome: 'ok' })).toBe(2);
    expect(await sampleSum('job_queue_lag_seconds_count', quiltGeneration)).toBe(2);
    expect(await sampleSum('job_queue_lag_seconds_sum', quiltGeneration)).toBeGreaterThanOrEqual(10);
    expect(await sampleSum('artifact_cache_misses_total', { engine: 'quilt' })).toBe(1);
    expect(await sampleSum('artifact_cache_hits_total', { engine: 'quilt' })).toBe(1);
    // What Prometheus reads, over the worker's port.
    const text = await (await fetch(`${http.url}/metrics`)).text();
    expect(text).toMatch(
      /^job_duration_seconds_count\{engine="quilt",kind="image_generation",outcome="ok"\} 2$/m,
    );
    // The job's lines carry the id of the request that asked for it, under the server's field name.
    const jobLines = lines.filter((l) => l.requestId === first.requestId);
    expect(jobLines.map((l) => l.msg)).toContain('generation signed and stored');
  });

  it('counts failed attempts by reason: retried, then the last one, and a malformed job', async () => {
    // A model missing from the store: retried until the last allowed delivery, then reported failed.
    const missing = generation({ artifactKey: `models/${randomUUID()}/gone.quilt` });
    await queue.publish(QUEUE, missing);
    await queue.publish(QUEUE, { ...generation(), payload: { generationId: randomUUID() } });
    await waitFor(() => ofType(GENERATION_JOB_TYPES.failed).length === 2, 30_000);

    const failures = (reason: string) => sampleSum('job_failures_total', { ...quiltGeneration, reason });
    expect(await failures('retry')).toBe(2);
    expect(await failures('last_attempt')).toBe(1);
    expect(await failures('invalid_request')).toBe(1);
    expect(await sampleSum('job_duration_seconds_count', { ...quiltGeneration, outcome: 'error' })).toBe(4);
    // Lag is measured on first deliveries only: two more jobs, not five more deliveries.
    expect(await sampleSum('job_queue_lag_seconds_count', quiltGeneration)).toBe(4);
    expect(
      lines.filter((l) => l.requestId === missing.requestId && l.msg === 'job attempt failed'),
    ).toHaveLength(3);
  });

  it('reads not ready once the worker stops taking jobs, while still alive', async () => {
    await worker.stop();
    stopped = true;
    expect((await fetch(`${http.url}/readyz`)).status).toBe(503);
    expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
  });
});
