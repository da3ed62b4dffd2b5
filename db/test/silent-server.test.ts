/**
 * A PostgreSQL that accepts connections but stops answering (a partition, a stopped process), played by
 * a TCP proxy that stops carrying bytes: statements fail as an outage within the query timeout instead
 * of hanging, the pool recovers, and a LISTEN connection is replaced and never holds up shutdown.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { isDependencyOutage } from '../../platform/src/dependency-errors';
import { startTcpProxy } from '../../platform/test/tcp-proxy';
import { openDatabase, type Database } from '../src/client';
import { listenPostgres } from '../src/listen';
import { testServerUrl } from '../src/testing';

type Proxy = Awaited<ReturnType<typeof startTcpProxy>>;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxied(): Promise<{ proxy: Proxy; url: string }> {
  const proxy = await startTcpProxy(testServerUrl());
  cleanups.push(() => proxy.close());
  const url = new URL(testServerUrl());
  url.host = new URL(proxy.url).host;
  return { proxy, url: url.toString() };
}

async function open(url: string, options: { poolMax: number; queryTimeoutMs: number }): Promise<Database> {
  const database = await openDatabase(url, { connectTimeoutMs: 1_000, ...options });
  cleanups.push(() => database.close());
  return database;
}

async function timed<T>(work: Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

describe('a PostgreSQL connection that stops answering', () => {
  it('fails a statement as an outage within the query timeout, and the pool works again afterwards', async () => {
    const { proxy, url } = await proxied();
    const queryTimeoutMs = 300;
    const database = await open(url, { poolMax: 2, queryTimeoutMs });
    expect(await database.ping()).toBe(true);
    proxy.freeze({ includingNew: true });
    const { error, ms } = await timed(database.db.execute(sql`SELECT 1`));
    expect(error).toBeDefined();
    expect(isDependencyOutage(error)).toBe(true);
    expect(ms).toBeLessThan(queryTimeoutMs + 1_500);
    proxy.thaw();
    expect(await database.ping()).toBe(true);
  });

  it('fails a transaction within one timeout, and its silent connection is never handed out again', async () => {
    const { proxy, url } = await proxied();
    const queryTimeoutMs = 1_000;
    const database = await open(url, { poolMax: 1, queryTimeoutMs });
    const transaction = database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      // Only this connection goes silent (as one dropped by a NAT or a failover); new ones work.
      proxy.freeze();
      await tx.execute(sql`SELECT 2`);
    });
    const { error, ms } = await timed(transaction);
    expect(isDependencyOutage(error)).toBe(true);
    // Its ROLLBACK did not wait a second timeout behind the silent statement.
    expect(ms).toBeLessThan(1.8 * queryTimeoutMs);
    // The pool of one answers at once on a fresh connection instead of reusing the silent one.
    const ping = await timed(database.ping().then((ok) => expect(ok).toBe(true)));
    expect(ping.error).toBeUndefined();
    expect(ping.ms).toBeLessThan(queryTimeoutMs);
  });

  it('works again after its connections are dropped', async () => {
    const { proxy, url } = await proxied();
    const database = await open(url, { poolMax: 1, queryTimeoutMs: 300 });
    expect(await database.ping()).toBe(true);
    proxy.freeze();
    expect(await database.ping()).toBe(false);
    proxy.dropConnections();
    expect(await database.ping()).toBe(true);
  });
});

describe('a LISTEN connection that stops answering', () => {
  const listenThrough = (url: string, channel: string, onNotify: () => void) => {
    const unlisten = listenPostgres(pg.Client, url, channel, onNotify, {
      connectionTimeoutMillis: 500,
      queryTimeoutMillis: 300,
      heartbeatMillis: 200,
    });
    cleanups.push(unlisten);
    return unlisten;
  };

  async function waitFor(check: () => boolean, what: string) {
    for (let waited = 0; !check(); waited += 20) {
      if (waited > 8_000) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  it('is found silent by its check and replaced: notifications arrive again', async () => {
    const { proxy, url } = await proxied();
    const channel = `test_${randomUUID().replaceAll('-', '')}`;
    let wakeUps = 0;
    listenThrough(url, channel, () => wakeUps++);
    await waitFor(() => wakeUps === 1, 'listening'); // one wake-up whenever listening (re)starts
    proxy.freeze();
    await waitFor(() => wakeUps === 2, 'listening again on a new connection');
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    try {
      await admin.query(`NOTIFY ${channel}`);
    } finally {
      await admin.end();
    }
    await waitFor(() => wakeUps === 3, 'the notification');
  });

  it('stops promptly when its connection is silent', async () => {
    const { proxy, url } = await proxied();
    let wakeUps = 0;
    const unlisten = listenThrough(url, `test_${randomUUID().replaceAll('-', '')}`, () => wakeUps++);
    await waitFor(() => wakeUps === 1, 'listening');
    proxy.freeze({ includingNew: true });
    const { error, ms } = await timed(unlisten());
    expect(error).toBeUndefined();
    expect(ms).toBeLessThan(2_000);
  });
});
