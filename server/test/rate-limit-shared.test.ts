/**
 * The API limit's counters, as two servers on one database see them: shared through the `rate_limits`
 * rows in batches, exact for one server and over by at most the documented slack for several, windows
 * that end for everyone at once, memory bounded whatever keys callers rotate through, and no database
 * round trip per call. On PostgreSQL and on PGlite (the embedded default).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '@style-license/db';
import { createTestDatabase } from '@style-license/db/testing';
import { AppError } from '@style-license/shared';
import {
  createBatchedRateLimiter,
  type BatchedRateLimiter,
  type BatchedRateLimiterOptions,
} from '../src/security/batched-rate-limit';
import type { RateLimitRule } from '../src/security/rate-limit';
import { captureLogger } from './support';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function postgres(): Promise<Database> {
  const database = await createTestDatabase();
  return { ...database, close: () => database.dispose() };
}

async function pglite(): Promise<Database> {
  const database = await openDatabase('pglite:memory');
  await migrateDatabase(database);
  return database;
}

/** A server's counters; syncs only when the test says so unless `syncMs` is given. */
function limiter(database: Database, options: Partial<BatchedRateLimiterOptions> = {}) {
  const made = createBatchedRateLimiter({
    db: database.db,
    logger: captureLogger().logger,
    syncMs: 10_000,
    ...options,
  });
  cleanups.push(() => made.stop());
  return made;
}

/** Calls `n` times; returns how many were admitted and the last refusal. */
function call(server: BatchedRateLimiter, key: string, rule: RateLimitRule, n = 1) {
  let admitted = 0;
  let refusal: AppError | undefined;
  for (let i = 0; i < n; i++) {
    try {
      server.enforce(key, rule);
      admitted++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusal = error;
    }
  }
  return { admitted, refusal };
}

async function sharedPoints(database: Database, key: string): Promise<number | undefined> {
  const result = (await database.db.execute(
    sql`SELECT points FROM rate_limits WHERE key = ${key}`,
  )) as unknown as { rows: { points: number }[] };
  return result.rows[0]?.points;
}

describe.each([
  ['PostgreSQL', postgres],
  ['PGlite', pglite],
])('the API limit on %s', (_kind, open) => {
  // One database for the block: each test uses keys of its own.
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database?.close());

  it('two servers on one database together admit the limit plus at most two sync intervals of the other’s calls, not twice the limit', async () => {
    const [a, b] = [limiter(database), limiter(database)];
    const rule = { limit: 100, windowSeconds: 3600 };
    const perInterval = 7;
    let total = 0;
    for (let round = 0; round < 100; round++) {
      // One sync interval: each server takes some calls, then each shares its counts.
      const admitted =
        call(a, 'api:ip:203.0.113.7', rule, perInterval).admitted +
        call(b, 'api:ip:203.0.113.7', rule, perInterval).admitted;
      await a.sync();
      await b.sync();
      total += admitted;
      if (admitted === 0) break;
    }
    // Each server alone would have admitted 100 (200 together).
    expect(total).toBeGreaterThanOrEqual(rule.limit);
    expect(total).toBeLessThanOrEqual(rule.limit + 2 * perInterval);
    // Every admitted call reached the shared row.
    expect(await sharedPoints(database, 'api:ip:203.0.113.7')).toBe(total);
  });

  it('one server is exact, and a second one that has not synced yet refuses after its first sync', async () => {
    const [a, b] = [limiter(database), limiter(database)];
    const rule = { limit: 10, windowSeconds: 3600 };
    expect(call(a, 'api:user:u1', rule, 15).admitted).toBe(10);
    await a.sync();
    // B has never seen the caller: it admits until it hears the total (the slack), then refuses.
    expect(call(b, 'api:user:u1', rule, 1).admitted).toBe(1);
    await b.sync();
    expect(call(b, 'api:user:u1', rule, 5).admitted).toBe(0);
    // Another caller has a budget of its own.
    expect(call(b, 'api:user:u2', rule, 10).admitted).toBe(10);
  });

  it('a window begins at the first call and ends for every server at once: Retry-After is the wait until then, after which both admit again', async () => {
    const [a, b] = [limiter(database), limiter(database)];
    const rule = { limit: 3, windowSeconds: 2 };
    const windowEnd = Date.now() + 2000;
    expect(call(a, 'api:ip:198.51.100.1', rule, 3).admitted).toBe(3);
    // Late in the window, so the wait is shorter than a whole window.
    await sleep(1100);
    const { refusal } = call(a, 'api:ip:198.51.100.1', rule);
    expect(refusal?.code).toBe('RATE_LIMITED');
    expect(refusal?.retryAfter).toBe(Math.ceil((windowEnd - Date.now()) / 1000));
    await a.sync();
    // B's first call is its slack; after its sync it counts in A's window and waits as long.
    expect(call(b, 'api:ip:198.51.100.1', rule).admitted).toBe(1);
    await b.sync();
    expect(call(b, 'api:ip:198.51.100.1', rule).refusal?.retryAfter).toBe(refusal?.retryAfter);

    await sleep(windowEnd - Date.now() + 100);
    expect(call(a, 'api:ip:198.51.100.1', rule).admitted).toBe(1);
    expect(call(b, 'api:ip:198.51.100.1', rule).admitted).toBe(1);
    await a.sync();
    await b.sync();
    // The row counts the new window only.
    expect(await sharedPoints(database, 'api:ip:198.51.100.1')).toBe(2);
  });

  it('a server whose clock is half a window off still ends the window when the shared row does', async () => {
    const a = limiter(database);
    const skewed = limiter(database, { clock: () => Date.now() + 30_000 });
    const rule = { limit: 2, windowSeconds: 60 };
    call(a, 'api:user:skew', rule, 2);
    await a.sync();
    call(skewed, 'api:user:skew', rule);
    await skewed.sync();
    // Taken at face value, its clock would end A's window 30 s early (and say Retry-After: 30).
    expect(call(skewed, 'api:user:skew', rule).refusal?.retryAfter).toBeGreaterThanOrEqual(59);
  });
});

describe('the API limit’s memory and database use', () => {
  let database: Database;
  beforeAll(async () => {
    database = await postgres();
  });
  afterAll(() => database?.close());

  it('holds at most maxKeys counters however many keys callers rotate through, and an evicted caller is still refused after the next sync', async () => {
    const server = limiter(database, { maxKeys: 1000 });
    const rule = { limit: 5, windowSeconds: 3600 };
    expect(call(server, 'api:user:victim', rule, 5).admitted).toBe(5);
    await server.sync();
    for (let i = 0; i < 20_000; i++) call(server, `api:ip:10.0.${i >> 8}.${i & 255}`, rule);
    expect(server.size).toBeLessThanOrEqual(1000);
    // The flood pushed the victim's counter out; the shared row kept its count, and the next sync
    // brings it back.
    call(server, 'api:user:victim', rule);
    await server.sync();
    expect(call(server, 'api:user:victim', rule).refusal?.code).toBe('RATE_LIMITED');
  });

  it('drops the counters of windows that ended', async () => {
    const server = limiter(database);
    const rule = { limit: 5, windowSeconds: 1 };
    for (let i = 0; i < 50; i++) call(server, `api:ip:192.0.3.${i}`, rule);
    expect(server.size).toBe(50);
    await sleep(1100);
    await server.sync();
    expect(server.size).toBe(0);
  });

  it('makes no database round trip per call: one statement per sync for all callers, none after stop', async () => {
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    const server = limiter(database);
    const queries = vi.spyOn(pool, 'query');
    const checkouts = vi.spyOn(pool, 'connect');
    const rule = { limit: 1000, windowSeconds: 3600 };
    for (let i = 0; i < 2000; i++) call(server, `api:ip:192.0.2.${i % 200}`, rule);
    expect(queries).not.toHaveBeenCalled();
    expect(checkouts).not.toHaveBeenCalled();
    await server.sync();
    expect(queries).toHaveBeenCalledTimes(1);
    expect(await sharedPoints(database, 'api:ip:192.0.2.7')).toBe(10);

    call(server, 'api:ip:192.0.2.7', rule, 5);
    await server.stop();
    // The last counts are shared on stop; afterwards calls still count, and nothing is written.
    expect(await sharedPoints(database, 'api:ip:192.0.2.7')).toBe(15);
    queries.mockClear();
    checkouts.mockClear();
    call(server, 'api:ip:192.0.2.7', rule, 5);
    await server.sync();
    expect(queries).not.toHaveBeenCalled();
    expect(checkouts).not.toHaveBeenCalled();
  });

  it('shares counts by itself every syncMs', async () => {
    const server = limiter(database, { syncMs: 20 });
    call(server, 'api:user:timer', { limit: 10, windowSeconds: 3600 }, 4);
    await vi.waitFor(async () => expect(await sharedPoints(database, 'api:user:timer')).toBe(4));
  });
});
