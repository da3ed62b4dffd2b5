import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createTestDeps, signInAs, type TestServerDeps } from './support';

describe('API rate limit: 100 procedure calls per minute per user', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  const balance = (headers: Record<string, string>) => app.inject({ url: '/trpc/tokens.balance', headers });

  it('refuses the 101st call with RATE_LIMITED and Retry-After; another user is unaffected', async () => {
    const alice = await signInAs(deps);
    for (let i = 0; i < 100; i++) expect((await balance(alice.bearer)).statusCode).toBe(200);
    const refused = await balance(alice.bearer);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.data.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const bob = await signInAs(deps);
    expect((await balance(bob.bearer)).statusCode).toBe(200);
  });

  it('counts each call of a batch, not the HTTP request', async () => {
    const carol = await signInAs(deps);
    for (let i = 0; i < 98; i++) expect((await balance(carol.bearer)).statusCode).toBe(200);
    const batch = await app.inject({
      url: `/trpc/tokens.balance,auth.me,tokens.balance?batch=1&input=${encodeURIComponent('{}')}`,
      headers: carol.bearer,
    });
    // The calls of a batch run concurrently, so which one is the 101st varies; that exactly one is does not.
    const results = batch.json() as { result?: unknown; error?: { data: { code: string } } }[];
    expect(results.map((r) => (r.error ? r.error.data.code : 'ok')).sort()).toEqual([
      'RATE_LIMITED',
      'ok',
      'ok',
    ]);
  });
});
