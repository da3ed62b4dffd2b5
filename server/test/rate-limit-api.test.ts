/**
 * The API limit inside the server: a call costs the limit no database round trip, and while the
 * database does not answer (a TCP proxy in front of it stops carrying bytes) calls are still answered
 * at once and still limited, on this server's own counts, which reach the shared row once it is back.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '@style-license/db';
import { startTcpProxy } from '../../platform/test/tcp-proxy';
import { buildApp } from '../src/app';
import { callTrpc, createTestDeps, waitFor, type TestServerDeps } from './support';

/** The shared count of signed-out calls from `ip`. */
async function sharedPoints(database: Database, ip: string): Promise<number | undefined> {
  const result = (await database.db.execute(
    sql`SELECT points FROM rate_limits WHERE key = ${`api:ip:${ip}`}`,
  )) as unknown as { rows: { points: number }[] };
  return result.rows[0]?.points;
}

describe('the API limit costs a call no database round trip', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    // No sync during the test: any round trip seen below would be one per call.
    deps = await createTestDeps({ env: { API_RATE_SYNC_MS: '10000' } });
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.dispose();
  });

  it('admits and refuses signed-out calls without a query or a pool checkout', async () => {
    const pool = (deps.database.db as unknown as { $client: pg.Pool }).$client;
    const queries = vi.spyOn(pool, 'query');
    const checkouts = vi.spyOn(pool, 'connect');
    // auth.me needs nothing from the database when no session is presented.
    for (let i = 0; i < 100; i++) expect((await callTrpc(app, 'auth.me')).status).toBe(200);
    const refused = await callTrpc(app, 'auth.me');
    expect(refused.status).toBe(429);
    expect(refused.error?.data.code).toBe('RATE_LIMITED');
    expect(queries).not.toHaveBeenCalled();
    expect(checkouts).not.toHaveBeenCalled();
    queries.mockRestore();
    checkouts.mockRestore();
  });
});

describe('the API limit while the database does not answer', () => {
  let base: TestServerDeps;
  let deps: TestServerDeps;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let proxied: Database;
  let app: FastifyInstance;
  const queryTimeoutMs = 1000;
  beforeAll(async () => {
    base = await createTestDeps({ env: { API_RATE_LIMIT: '5', API_RATE_SYNC_MS: '50' } });
    proxy = await startTcpProxy(base.database.url);
    const url = new URL(base.database.url);
    url.host = new URL(proxy.url).host;
    proxied = await openDatabase(url.toString(), {
      poolMax: 4,
      connectTimeoutMs: queryTimeoutMs,
      queryTimeoutMs,
    });
    deps = { ...base, database: { ...base.database, ...proxied } };
    app = await buildApp(deps);
  });
  afterAll(async () => {
    proxy?.thaw();
    await app?.close();
    await proxied?.close();
    await proxy?.close();
    await base?.dispose();
  });

  /** A signed-out call from `ip` to a procedure that needs nothing from the database. */
  const anonymous = async (ip: string) => {
    const started = Date.now();
    const res = await app.inject({ url: '/trpc/auth.me', remoteAddress: ip });
    return { res, ms: Date.now() - started };
  };
  const notShared = () =>
    deps.captured.lines.filter((l) => String(l.msg).startsWith('rate limit counts not shared'));

  /** Two calls shared, five during the outage: three admitted, then RATE_LIMITED with Retry-After. */
  async function callThroughOutage(ip: string, outage: () => void | Promise<void>) {
    for (let i = 0; i < 2; i++) expect((await anonymous(ip)).res.statusCode).toBe(200);
    await waitFor(async () => (await sharedPoints(base.database, ip)) === 2, 5000, 'the first counts');
    const warningsBefore = notShared().length;
    await outage();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await anonymous(ip));
    expect(answers.map(({ res }) => res.statusCode)).toEqual([200, 200, 200, 429, 429]);
    const refused = answers[4]!.res;
    expect(refused.json().error.data.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // None waited for the database.
    expect(Math.max(...answers.map(({ ms }) => ms))).toBeLessThan(queryTimeoutMs / 2);
    // A sync ran into the outage and failed: logged once, as a warning.
    await waitFor(() => notShared().length > warningsBefore, 5000, 'the failed sync logged');
  }

  it('refusing connections: calls are answered and limited, and no count is lost once it is back', async () => {
    await callThroughOutage('192.0.2.10', () => proxy.stopListening());
    await proxy.listen();
    await waitFor(async () => (await sharedPoints(base.database, '192.0.2.10')) === 5, 10_000, 'counts');
    await sleep(200);
    expect(await sharedPoints(base.database, '192.0.2.10')).toBe(5);
  });

  it('silent: calls are answered at once and limited, and the counts arrive when it answers again', async () => {
    await callThroughOutage('192.0.2.11', () => proxy.freeze({ includingNew: true }));
    proxy.thaw();
    // A statement that timed out may still have been applied, and is sent again: counted at most twice.
    const points = await waitFor(
      async () => {
        const n = await sharedPoints(base.database, '192.0.2.11');
        return n !== undefined && n >= 5 && n;
      },
      10_000,
      'counts after the outage',
    );
    expect(points).toBeLessThanOrEqual(5 + 3);
    expect(notShared().every((l) => l.level === 40)).toBe(true);
    expect(deps.captured.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
