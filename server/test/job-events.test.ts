/**
 * The job-events consumer and the object store: what a result needs from the store is checked before
 * its transaction, so a store that hangs holds messages, never the API's database connections.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { openDatabase, schema, type Database } from '@style-license/db';
import { createMemoryTransport } from '@style-license/platform/queue';
import type { ObjectStorage } from '@style-license/platform/storage';
import { GENERATION_JOB_TYPES, QUEUES } from '@style-license/shared';
import { buildApp } from '../src/app';
import { generationEventHandlers } from '../src/domains/generation/events';
import { startJobEventsConsumer } from '../src/messaging/job-events';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { callTrpc, createTestDeps, type TestServerDeps } from './support';

describe('job events while the object store hangs', () => {
  let deps: TestServerDeps;
  let small: Database;
  beforeAll(async () => {
    deps = await createTestDeps({ env: { GENERATION_RATE_LIMIT: '1000' } });
    // Two connections, as a busy server's pool would have left: the consumer must not take them.
    small = await openDatabase(deps.database.url, { poolMax: 2, connectTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await small?.close();
    await deps?.dispose();
  });

  it('holds results waiting on the store without keeping a database connection', async () => {
    const app = await buildApp(deps);
    const { style } = await readyStyle(deps, { price: 5 });
    const buyer = await buyerWith(deps, 100);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await callTrpc(app, 'generation.create', {
        input: generationInput(style),
        mutation: true,
        headers: buyer.browser,
      });
      ids.push((res.data as { id: string }).id);
    }
    await app.close();

    let release!: () => void;
    const unblocked = new Promise<void>((resolve) => (release = resolve));
    let heads = 0;
    const hanging: ObjectStorage = {
      ...deps.storage,
      head: async (key) => (heads++, await unblocked, deps.storage.head(key)),
    };
    const queue = createMemoryTransport({ maxDeliveries: 3 });
    const handlers = generationEventHandlers(small.db, deps.logger, hanging, 600);
    const subscription = await startJobEventsConsumer(
      { database: small, queue, logger: deps.logger },
      handlers,
    );
    try {
      for (const id of ids) {
        await deps.storage.put(`generations/${id}.png`, Buffer.from(`signed-${id}`));
        await queue.publish(QUEUES.jobEvents, {
          id: randomUUID(),
          type: GENERATION_JOB_TYPES.completed,
          createdAt: new Date().toISOString(),
          payload: {
            generationId: id,
            imageKey: `generations/${id}.png`,
            previewKey: `generations/${id}.webp`,
            sha256: 'c'.repeat(64),
          },
        });
      }
      const deadline = Date.now() + 5_000;
      while (heads < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(heads).toBe(ids.length);
      // Four results are waiting on the store; the pool of two still answers at once.
      const started = Date.now();
      expect(await small.ping()).toBe(true);
      expect(Date.now() - started).toBeLessThan(1_000);
      release();
      const done = Date.now() + 10_000;
      for (;;) {
        const rows = await deps.database.db
          .select({ status: schema.generations.status })
          .from(schema.generations)
          .where(inArray(schema.generations.id, ids));
        if (rows.every((row) => row.status === 'succeeded')) break;
        if (Date.now() > done) throw new Error('results not applied');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await subscription.cancel();
      await queue.close();
    }
  });
});
