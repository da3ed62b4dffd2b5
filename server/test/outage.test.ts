/**
 * A dependency outage for real: the server runs on a throwaway PostgreSQL of its own, which the test
 * stops (a fast shutdown: clients are disconnected, new connections refused) and then starts again.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../src/trpc/errors';
import { startOwnPostgres } from './own-postgres';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

describe('while PostgreSQL is down', () => {
  let postgres: Awaited<ReturnType<typeof startOwnPostgres>>;
  let deps: TestServerDeps;
  let app: FastifyInstance;
  let browser: Record<string, string>;
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', record);
    postgres = await startOwnPostgres();
    deps = { ...(await createTestDeps()), database: postgres.database };
    app = await buildApp(deps);
    ({ browser } = await signInAs(deps));
    // Pooled connections are open (and idle) when the server goes away, as in production.
    expect((await callTrpc(app, 'auth.me', { headers: browser })).status).toBe(200);
    await postgres.pause();
  });
  afterAll(async () => {
    await app?.close();
    await postgres?.stop();
    await deps?.dispose();
    process.off('uncaughtException', record);
  });

  const expectUnavailable = (res: { status: number; headers: Record<string, unknown> }, code: unknown) => {
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe(String(OUTAGE_RETRY_AFTER_SECONDS));
    expect(code).toBe('UNAVAILABLE');
  };

  it('a tRPC query answers 503 UNAVAILABLE with Retry-After, signed in (session lookup) or not (rate limit)', async () => {
    const signedIn = await callTrpc(app, 'auth.me', { headers: browser });
    expectUnavailable(signedIn, signedIn.error?.data.code);
    const anonymous = await callTrpc(app, 'styles.search', { input: {} });
    expectUnavailable(anonymous, anonymous.error?.data.code);
  });

  it('a tRPC mutation and a batch answer the same', async () => {
    const mutation = await callTrpc(app, 'auth.signOut', { mutation: true, headers: browser });
    expectUnavailable(mutation, mutation.error?.data.code);
    // Signed in, so that auth.me needs the database too (signed out it answers from the request alone).
    const res = await app.inject({
      url: `/trpc/auth.me,styles.search?batch=1&input=${encodeURIComponent('{"1":{}}')}`,
      headers: browser,
    });
    const calls = res.json() as { error: { data: { code: string } } }[];
    expectUnavailable({ status: res.statusCode, headers: res.headers }, calls[0]!.error.data.code);
    expect(calls.map((c) => c.error.data.code)).toEqual(['UNAVAILABLE', 'UNAVAILABLE']);
  });

  it('the sign-in page answers 503 UNAVAILABLE with Retry-After', async () => {
    const res = await app.inject({
      url: '/auth/signin?returnTo=/studio',
      headers: { host: new URL(deps.config.PUBLIC_URL).host },
    });
    expectUnavailable({ status: res.statusCode, headers: res.headers }, res.json().code);
  });

  it('logs the outage as a warning, not as an unexpected error, and the process never crashed', async () => {
    const outageLines = deps.captured.lines.filter((l) => l.msg === 'dependency unavailable');
    expect(outageLines.length).toBeGreaterThan(0);
    expect(outageLines.every((l) => l.level === 40)).toBe(true);
    expect(deps.captured.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('answers normally again once PostgreSQL is back, on fresh pooled connections', async () => {
    await postgres.resume();
    const res = await callTrpc(app, 'auth.me', { headers: browser });
    expect(res.status).toBe(200);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});
