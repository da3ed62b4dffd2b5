import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy } from '../../platform/test/tcp-proxy';
import { openDatabase } from '../src/client';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../src/testing';

/** Ends one backend from outside, as a PostgreSQL restart or a failover would, and waits until it is gone. */
async function terminateBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (rows.length === 0) return;
      await sleep(20);
    }
    throw new Error(`backend ${pid} did not end`);
  } finally {
    await admin.end();
  }
}

describe('a pooled PostgreSQL connection that is lost', () => {
  let database: TestDatabase;
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false, poolMax: 2 });
    process.on('uncaughtException', record);
  });
  afterAll(async () => {
    process.off('uncaughtException', record);
    await database?.dispose();
  });

  it('inside a transaction, between statements, fails that transaction and does not crash the process', async () => {
    const transaction = database.db.transaction(async (tx) => {
      const result = (await tx.execute(sql`SELECT pg_backend_pid() AS pid`)) as unknown as {
        rows: { pid: number }[];
      };
      // The connection is checked out and idle here, as it is while the outbox relay awaits a broker.
      await terminateBackend(result.rows[0]!.pid);
      await sleep(200); // let the client read the server's goodbye and the socket's end
      await tx.execute(sql`SELECT 1`);
    });
    await expect(transaction).rejects.toThrow();
    await sleep(50);
    expect(uncaught).toEqual([]);
    // The broken client was discarded on release: the pool answers with a fresh connection.
    expect(await database.ping()).toBe(true);
  });
});

describe('a pooled connection that dies between checkout and BEGIN', () => {
  it('is given back to the pool, which does not shrink (one leak per outage would exhaust it)', async () => {
    const proxy = await startTcpProxy(testServerUrl());
    const url = new URL(testServerUrl());
    url.host = new URL(proxy.url).host;
    const database = await openDatabase(url.toString(), { poolMax: 1, connectTimeoutMs: 2_000 });
    try {
      expect(await database.ping()).toBe(true); // the one connection, now idle in the pool
      // The pool still believes it alive; BEGIN goes out on it and the connection then breaks.
      proxy.freeze();
      const transaction = database.db.transaction(async (tx) => void (await tx.execute(sql`SELECT 1`)));
      await sleep(100);
      proxy.dropConnections();
      await expect(transaction).rejects.toThrow();
      // With the client leaked, the pool of one would have nothing to give: ping would time out.
      expect(await database.ping()).toBe(true);
      await database.db.transaction(async (tx) => void (await tx.execute(sql`SELECT 1`)));
    } finally {
      await database.close();
      await proxy.close();
    }
  });
});
