/**
 * Every pooled database connection busy is overload, not an outage: the API still answers 503
 * UNAVAILABLE with Retry-After (try again later is right), but the log says the pool is exhausted, so an
 * operator adds capacity instead of looking for a dead database.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@style-license/db';
import { buildApp } from '../src/app';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../src/trpc/errors';
import { callTrpc, createTestDeps, type TestServerDeps } from './support';

describe('while every database connection is busy', () => {
  let deps: TestServerDeps;
  let small: Database;
  let app: FastifyInstance;
  let release: () => void;
  let holding: Promise<void>;

  beforeAll(async () => {
    const base = await createTestDeps();
    small = await openDatabase(base.database.url, { poolMax: 1, connectTimeoutMs: 300 });
    deps = { ...base, database: { ...base.database, ...small } };
    app = await buildApp(deps);
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    holding = small.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      entered();
      await released;
    });
    await inside;
  });
  afterAll(async () => {
    release?.();
    await holding;
    await app?.close();
    await small?.close();
    await deps?.dispose();
  });

  const warnings = (msg: string) =>
    deps.captured.lines.filter((line) => line.msg === msg && line.level === 40).length;

  it('a tRPC call and a plain route answer 503 UNAVAILABLE with Retry-After, logged as an exhausted pool', async () => {
    const trpc = await callTrpc(app, 'styles.search', { input: {} });
    expect(trpc.status).toBe(503);
    expect(trpc.error?.data.code).toBe('UNAVAILABLE');
    expect(trpc.headers['retry-after']).toBe(String(OUTAGE_RETRY_AFTER_SECONDS));
    const page = await app.inject({
      url: '/auth/signin?returnTo=/studio',
      headers: { host: new URL(deps.config.PUBLIC_URL).host },
    });
    expect(page.statusCode).toBe(503);
    expect(page.json().code).toBe('UNAVAILABLE');

    expect(warnings('database pool exhausted')).toBeGreaterThanOrEqual(2);
    expect(warnings('dependency unavailable')).toBe(0);
    expect(deps.captured.lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });

  it('answers normally once the connection is free again', async () => {
    release();
    await holding;
    expect((await callTrpc(app, 'styles.search', { input: {} })).status).toBe(200);
  });
});
