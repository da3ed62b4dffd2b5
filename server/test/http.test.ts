import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createTestDeps, type TestServerDeps } from './support';

describe('HTTP surface', () => {
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

  it('answers /healthz while the process lives', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when database, queue and storage answer', async () => {
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, database: 'up', queue: 'up', storage: 'up' });
  });

  it('answers /readyz with 503 naming the store that is down', async () => {
    const broken = await buildApp({ ...deps, database: { ...deps.database, ping: async () => false } });
    const res = await broken.inject('/readyz');
    await broken.close();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ ok: false, database: 'down', queue: 'up' });
  });

  it('serves the health procedure over tRPC', async () => {
    const res = await app.inject('/trpc/health.check');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      result: { data: { ok: true, database: 'up', queue: 'up', storage: 'up' } },
    });
  });

  it('sends security headers', async () => {
    const res = await app.inject('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('lets pages load images from, and upload to, an http S3-compatible store, and no other http origin', async () => {
    const withStore = await buildApp({
      ...deps,
      config: { ...deps.config, S3_ENDPOINT: 'http://127.0.0.1:7070/' },
    });
    const csp = String((await withStore.inject('/healthz')).headers['content-security-policy']);
    await withStore.close();
    const directive = (name: string) =>
      csp
        .split(';')
        .find((d) => d.trim().startsWith(name))!
        .trim();
    expect(directive('img-src').split(' ')).toContain('http://127.0.0.1:7070');
    expect(directive('connect-src').split(' ')).toContain('http://127.0.0.1:7070');
    const own = String((await app.inject('/healthz')).headers['content-security-policy']);
    expect(own).not.toContain('http://');
  });

  it('allows CORS only for the configured web origin', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/trpc/health.check',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('http://web.example.test');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://web.example.test');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const refused = await preflight('http://evil.example.test');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives every response a request id, keeping a sane one sent by the caller', async () => {
    const own = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'desk-42' } });
    expect(own.headers['x-request-id']).toBe('desk-42');
    const bogus = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\n' } });
    expect(bogus.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
