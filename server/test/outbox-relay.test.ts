/**
 * The running relay: woken by the commit of a transaction that wrote jobs (PostgreSQL and PGlite),
 * not by its poll, also after PostgreSQL restarted; and on the in-process queue, a job accepted before
 * a restart still runs after it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, schema, type Database } from '@style-license/db';
import { createMemoryTransport, type Delivery, type QueueTransport } from '@style-license/platform/queue';
import { enqueue } from '../src/messaging/outbox';
import { startOutboxRelay, type OutboxRelay } from '../src/messaging/relay';
import { startOwnPostgres } from './own-postgres';
import { createTestDeps, waitFor } from './support';

const logger = pino({ level: 'silent' });
/** Far longer than any wait below: a row that arrives in time was not found by the poll. */
const POLL_MS = 60_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanUp of cleanups.splice(0).reverse()) await cleanUp();
});

function relayOn(database: Database, queue: QueueTransport): OutboxRelay {
  const relay = startOutboxRelay({ database, queue, logger, pollMs: POLL_MS });
  cleanups.push(() => relay.stop());
  return relay;
}

async function pgliteDatabase(dir: string): Promise<Database> {
  const database = await openDatabase(`pglite:${join(dir, 'pglite')}`);
  await migrateDatabase(database);
  return database;
}

const writeJob = (database: Database, queue: string, n: number) =>
  database.db.transaction((tx) => enqueue(tx, { queue, type: 'test.job', payload: { n } }));

describe('outbox relay wake-ups', () => {
  it.each(['postgres', 'pglite'] as const)(
    'publishes a committed job at once on %s, long before the next poll',
    async (kind) => {
      let database: Database;
      if (kind === 'postgres') {
        const deps = await createTestDeps();
        cleanups.push(() => deps.dispose());
        database = deps.database;
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'sl-relay-'));
        database = await pgliteDatabase(dir);
        cleanups.push(async () => (await database.close(), rmSync(dir, { recursive: true, force: true })));
      }
      const queue = createMemoryTransport({ maxDeliveries: 3 });
      cleanups.push(() => queue.close());
      const received: Delivery[] = [];
      await queue.consume('jobs', async (delivery) => void received.push(delivery));
      relayOn(database, queue);
      await new Promise((r) => setTimeout(r, 300)); // listening; the start-up round found nothing
      const started = Date.now();
      const id = await writeJob(database, 'jobs', 1);
      await waitFor(() => received.length === 1, 5_000, 'the job');
      expect(received[0]!.envelope.id).toBe(id);
      expect(Date.now() - started).toBeLessThan(3_000);
      // A rolled-back transaction wakes nobody and publishes nothing.
      await database.db
        .transaction(async (tx) => {
          await enqueue(tx, { queue: 'jobs', type: 'test.job', payload: { n: 2 } });
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(1);
    },
  );
  it('still publishes a committed job at once after PostgreSQL restarted: the listener listens again', async () => {
    const postgres = await startOwnPostgres();
    cleanups.push(() => postgres.stop());
    const { database } = postgres;
    const queue = createMemoryTransport({ maxDeliveries: 3 });
    cleanups.push(() => queue.close());
    const received: Delivery[] = [];
    await queue.consume('jobs', async (delivery) => void received.push(delivery));
    relayOn(database, queue);
    // The relay's own LISTEN connection, as PostgreSQL sees it (false while PostgreSQL is down).
    const listening = () =>
      database.db
        .execute(sql`select count(*)::int as n from pg_stat_activity where query ilike 'listen %'`)
        .then((result) => (result as unknown as { rows: { n: number }[] }).rows[0]?.n === 1)
        .catch(() => false);
    await waitFor(listening, 5_000, 'the relay listening');

    await postgres.pause();
    await new Promise((r) => setTimeout(r, 1_000)); // the listener's connection is gone; retries are refused
    await postgres.resume();
    // Its backoff is at most 5 s; a listener that never came back would leave the job to the 60 s poll.
    await waitFor(listening, 15_000, 'the relay listening again');

    const started = Date.now();
    const id = await writeJob(database, 'jobs', 1);
    await waitFor(() => received.length === 1, 5_000, 'the job written after the restart');
    expect(received[0]!.envelope.id).toBe(id);
    expect(Date.now() - started).toBeLessThan(3_000);
  }, 60_000);
});

describe('outbox relay on the in-process queue', () => {
  it('keeps a job unsent until its handler acknowledged it, so a restart runs it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-relay-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const queue = `jobs_${randomUUID()}`;

    // First life: the job is accepted, its handler never finishes, then the process "restarts".
    const first = await pgliteDatabase(dir);
    const before = createMemoryTransport({ maxDeliveries: 3 });
    let started = 0;
    await before.consume(queue, () => (started++, new Promise<void>(() => {})));
    const relay = startOutboxRelay({ database: first, queue: before, logger, pollMs: POLL_MS });
    const id = await writeJob(first, queue, 1);
    await waitFor(() => started === 1, 5_000, 'the first run');
    const row = async (database: Database) =>
      (await database.db.select().from(schema.outbox).where(eq(schema.outbox.id, id)))[0]!;
    expect((await row(first)).sentAt).toBeNull();
    await relay.stop();
    await before.close();
    await first.close();

    // Second life, same data directory: the job runs again and, once handled, is marked sent.
    const second = await pgliteDatabase(dir);
    cleanups.push(() => second.close());
    const after = createMemoryTransport({ maxDeliveries: 3 });
    cleanups.push(() => after.close());
    const handled: string[] = [];
    await after.consume(queue, async (delivery) => void handled.push(delivery.envelope.id));
    relayOn(second, after);
    await waitFor(() => handled.length === 1, 5_000, 'the job after the restart');
    expect(handled).toEqual([id]);
    await waitFor(async () => (await row(second)).sentAt !== null, 5_000, 'the row marked sent');
    await new Promise((r) => setTimeout(r, 300));
    expect(handled).toEqual([id]); // published once in this life, not again while in flight
  });
});
