/**
 * Dependency outages during a burst of generations, on the real stack (PostgreSQL, RabbitMQ, the
 * S3-compatible server; server and worker on their own connections): PostgreSQL stopped for 10 s and for
 * 45 s, the object store unreachable for 15 s. Every generation must succeed, none be refunded, nothing be
 * dead-lettered and no file be left without a generation. Before messages were held through outages,
 * the same bursts dead-lettered finished work within milliseconds and refunded it at the deadline.
 */
import { inArray } from 'drizzle-orm';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { QUEUE_NAMES } from '@style-license/shared';
import type { client } from '../../scripts/journey';
import { deadLetterQueue } from '@style-license/platform/queue';
import { startTcpProxy } from '../../platform/test/tcp-proxy';
import { auditLedger } from '../src/domains/tokens/ledger';
import { createGeneration, settledGenerations, styleAndBuyer } from './burst-support';
import { startOwnPostgres } from './own-postgres';
import { realServicesEnv, startTestServer, startTestWorker } from './support';

type Api = ReturnType<typeof client>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a burst of generations through dependency outages', () => {
  let postgres: Awaited<ReturnType<typeof startOwnPostgres>>;
  let objectStore: Awaited<ReturnType<typeof startTcpProxy>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let env: Record<string, string>;
  let buyer: Api;
  let styleId: string;

  beforeAll(async () => {
    postgres = await startOwnPostgres();
    const services = realServicesEnv();
    objectStore = await startTcpProxy(services.S3_ENDPOINT!);
    env = {
      ...services,
      // Server and worker reach the object store only through the proxy the test can cut.
      S3_ENDPOINT: objectStore.url.replace(/\/$/, ''),
      OUTBOX_POLL_MS: '200',
      GENERATION_DEADLINE_SECONDS: '300',
      GENERATION_RATE_LIMIT: '1000',
      SIGNIN_RATE_LIMIT: '1000',
      API_RATE_LIMIT: '100000',
    };
    server = await startTestServer(env, { database: postgres.database });
    worker = await startTestWorker(env);
    ({ styleId, buyer } = await styleAndBuyer(server.base, 'Weathered'));
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
    if (postgres) expect(await auditLedger(postgres.database.db)).toEqual([]);
    await objectStore?.close();
    await postgres?.stop();
  });

  const burst = (count: number) =>
    Promise.all(Array.from({ length: count }, () => createGeneration(buyer, styleId, 'through the storm')));

  async function deadLettered(): Promise<number> {
    const connection = await amqp.connect(env.AMQP_URL!);
    try {
      const channel = await connection.createChannel();
      let total = 0;
      for (const queue of QUEUE_NAMES)
        total += (await channel.checkQueue(deadLetterQueue(env.QUEUE_NAMESPACE + queue))).messageCount;
      return total;
    } finally {
      await connection.close();
    }
  }

  async function expectAllDelivered(ids: string[]) {
    const rows = await settledGenerations(postgres.database.db, ids);
    expect(rows.filter((row) => row.status !== 'succeeded')).toEqual([]);
    const refunds = await postgres.database.db
      .select()
      .from(schema.tokenLedger)
      .where(inArray(schema.tokenLedger.referenceId, ids));
    expect(refunds.filter((entry) => entry.kind === 'generation_refund')).toEqual([]);
    expect(await deadLettered()).toBe(0);
    // Exactly the signed PNG and WebP of each generation, nothing else of theirs.
    const stored = (await worker.storage.list('generations/')).filter((key) =>
      ids.some((id) => key.includes(id)),
    );
    expect(stored.sort()).toEqual(
      ids.flatMap((id) => [`generations/${id}.png`, `generations/${id}.webp`]).sort(),
    );
  }

  it.each([10, 45])(
    'PostgreSQL stopped for %i s two seconds into a burst of 30: every image delivered, none refunded',
    async (seconds) => {
      const ids = await burst(30);
      await sleep(2_000);
      await postgres.pause();
      await sleep(seconds * 1000);
      await postgres.resume();
      await expectAllDelivered(ids);
    },
    240_000,
  );

  it('the object store unreachable for 15 s during a burst of 20: every image delivered, none refunded', async () => {
    const ids = await burst(20);
    await sleep(1_000);
    await objectStore.stopListening();
    await sleep(15_000);
    await objectStore.listen();
    await expectAllDelivered(ids);
  }, 240_000);
});
