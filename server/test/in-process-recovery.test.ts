/**
 * `npm start`'s in-process queue across a restart: a generation whose request the worker handled, but
 * whose result was still in memory when the process stopped, is delivered after the restart (not
 * refunded at the deadline with its image made).
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { loadWorkerConfig, quiltEngine, startWorker } from '@style-license/gpu-worker';
import { makeTrainingSet } from '@style-license/gpu-worker/testing';
import { createMemoryTransport } from '@style-license/platform/queue';
import sharp from 'sharp';
import { buildApp } from '../src/app';
import { startOutboxRelay } from '../src/messaging/relay';
import { startServer } from '../src/start';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { callTrpc, createTestDeps, waitFor, type TestServerDeps } from './support';

describe('the in-process queue across a restart', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps({ env: { GENERATION_RATE_LIMIT: '1000' } });
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.dispose();
  });

  /** A buyer's generation of `style`, charged and queued (its job in the outbox). */
  async function bought(style: { id: string; priceTokens: number }) {
    const buyer = await buyerWith(deps, 50);
    const created = await callTrpc(app, 'generation.create', {
      input: generationInput(style),
      mutation: true,
      headers: buyer.browser,
    });
    return (created.data as { id: string }).id;
  }

  it('delivers a generation whose result was lost in memory when the process stopped', async () => {
    const { style, artifactKey } = await readyStyle(deps);
    const [profile] = await deps.database.db
      .select()
      .from(schema.artistProfiles)
      .where(eq(schema.artistProfiles.userId, style.artistId));
    const model = await quiltEngine.train(await makeTrainingSet('ember', 4, { size: 256 }), () => {});
    await deps.storage.put(artifactKey, model);
    const ink =
      '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><path d="M10 80 C 90 0, 180 100, 290 20" stroke="#111" stroke-width="10" fill="none"/></svg>';
    await deps.storage.put(profile!.signatureKey, await sharp(Buffer.from(ink)).png().toBuffer());
    const generationId = await bought(style);
    const generation = async () =>
      (
        await deps.database.db
          .select()
          .from(schema.generations)
          .where(eq(schema.generations.id, generationId))
      )[0]!;
    const requestRow = async () =>
      (
        await deps.database.db
          .select()
          .from(schema.outbox)
          .where(eq(schema.outbox.type, 'generation.requested'))
      )[0]!;

    // First life: the worker renders and acknowledges; its result waits in memory, and then the process ends.
    const workerConfig = loadWorkerConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const before = createMemoryTransport({ maxDeliveries: 3 });
    const relay = startOutboxRelay({
      database: deps.database,
      queue: before,
      logger: deps.logger,
      pollMs: 50,
    });
    const worker = await startWorker({
      config: workerConfig,
      logger: deps.logger,
      queue: before,
      storage: deps.storage,
    });
    await waitFor(async () => (await requestRow()).sentAt !== null, 30_000, 'the request acknowledged');
    await worker.stop();
    await relay.stop();
    await before.close();
    expect((await generation()).status).toBe('queued');
    expect(await deps.storage.head(`generations/${generationId}.png`)).not.toBeNull();

    // Second life on the same database and store: the server republishes it and the result arrives.
    const after = createMemoryTransport({ maxDeliveries: 3 });
    const server = await startServer(
      { ...deps.config, PORT: 0 },
      { logger: deps.logger, queue: after, storage: deps.storage },
    );
    const worker2 = await startWorker({
      config: workerConfig,
      logger: deps.logger,
      queue: after,
      storage: deps.storage,
    });
    try {
      await waitFor(
        async () => (await generation()).status === 'succeeded',
        30_000,
        'the generation delivered',
      );
    } finally {
      await worker2.stop();
      await server.close();
      await after.close();
    }
  }, 90_000);

  it('removes the files a late render stored for a generation refunded before the restart', async () => {
    const { style } = await readyStyle(deps);
    const generationId = await bought(style);
    // Refunded at its deadline; then a render that outlived it stored its files, and its result died.
    await deps.database.db
      .update(schema.generations)
      .set({ status: 'failed', failureCode: 'expired', completedAt: new Date() })
      .where(eq(schema.generations.id, generationId));
    await deps.storage.put(`generations/${generationId}.png`, Buffer.from('late'));
    await deps.storage.put(`generations/${generationId}.webp`, Buffer.from('late'));
    const queue = createMemoryTransport({ maxDeliveries: 3 });
    const server = await startServer(
      { ...deps.config, PORT: 0 },
      { logger: deps.logger, queue, storage: deps.storage },
    );
    try {
      await waitFor(
        async () => (await deps.storage.list(`generations/${generationId}`)).length === 0,
        30_000,
        'the late files removed',
      );
    } finally {
      await server.close();
      await queue.close();
    }
  });
});
