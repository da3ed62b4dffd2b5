/**
 * pg-pool gives the same "timeout exceeded when trying to connect" for a full pool and for a database it
 * cannot reach; operators must be able to tell overload from an outage (both are "try again later").
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { isDependencyOutage, isPoolExhausted } from '../../platform/src/dependency-errors';
import { startTcpProxy } from '../../platform/test/tcp-proxy';
import { openDatabase, type Database } from '../src/client';
import { POOL_EXHAUSTED } from '../src/pool';
import { testServerUrl } from '../src/testing';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(url: string): Promise<Database> {
  const database = await openDatabase(url, { poolMax: 1, connectTimeoutMs: 300 });
  cleanups.push(() => database.close());
  return database;
}

/** The error in `error`'s cause chain that carries a code (Drizzle wraps what the pool throws). */
function coded(error: unknown): { code?: unknown; message?: unknown } | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code !== undefined) return e;
  }
  return undefined;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('a database pool with every connection busy', () => {
  it('fails a query and a transaction as POOL_EXHAUSTED, not as an outage, and works once one is free', async () => {
    const database = await open(testServerUrl());
    const entered = deferred();
    const release = deferred();
    const holding = database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      entered.resolve();
      await release.promise;
    });
    await entered.promise;

    const query = await database.db.execute(sql`SELECT 1`).catch((e: unknown) => e);
    const transaction = await database.db.transaction(async () => {}).catch((e: unknown) => e);
    for (const error of [query, transaction]) {
      expect(coded(error)).toMatchObject({
        code: POOL_EXHAUSTED,
        message: 'database pool exhausted: all 1 connections busy',
      });
      expect(isPoolExhausted(error)).toBe(true);
      expect(isDependencyOutage(error)).toBe(false);
    }

    release.resolve();
    await holding;
    expect(await database.ping()).toBe(true);
  });

  it('reports the same wait as an outage when the connections cannot be made (an unreachable database)', async () => {
    const proxy = await startTcpProxy(testServerUrl());
    cleanups.push(() => proxy.close());
    proxy.freeze({ includingNew: true });
    const url = new URL(testServerUrl());
    url.host = new URL(proxy.url).host;
    const database = await open(url.toString());
    // The first one waits for a connection being made, the second for the first: neither is overload.
    const errors = await Promise.all(
      [1, 2].map(() => database.db.execute(sql`SELECT 1`).catch((e: unknown) => e)),
    );
    expect((errors[1] as Error).cause).toHaveProperty('message', 'timeout exceeded when trying to connect');
    for (const error of errors) {
      expect(isDependencyOutage(error)).toBe(true);
      expect(isPoolExhausted(error)).toBe(false);
    }
  });
});
