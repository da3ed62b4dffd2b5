import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@style-license/platform/logger';
import { buildApp } from '../src/app';
import { createTestDeps, type TestServerDeps } from './support';

describe('server logs hold no bearer links', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    deps = await createTestDeps();
    // The logger the server really uses (start.ts), writing where the test can read every line.
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger({ name: 'server', level: 'debug', pretty: false, destination });
    app = await buildApp({ ...deps, logger });
  });
  afterAll(async () => {
    await app?.close();
    await deps?.dispose();
  });

  it('a signed file URL is logged with its signature redacted', async () => {
    await deps.storage.put('styles/s1/samples/0.png', new Uint8Array([1, 2, 3]), {
      contentType: 'image/png',
    });
    const link = new URL(await deps.storage.presignGet('styles/s1/samples/0.png', { expiresInSeconds: 60 }));
    const signature = link.searchParams.get('sig')!;
    expect(signature.length).toBeGreaterThan(16);
    const res = await app.inject(`${link.pathname}${link.search}`);
    expect(res.statusCode).toBe(200);

    const logged = lines.filter((l) => l.includes('/files/styles/s1/samples/0.png'));
    expect(logged.length, 'the request is logged').toBeGreaterThan(0);
    expect(logged.join('\n')).toContain('sig=[redacted]');
    for (const line of lines) expect(line).not.toContain(signature);
  });

  it("the sign-in callback's one-time code and state are redacted", async () => {
    const code = 'one-time-code-7b4f0c2e9a';
    const state = 'state-secret-55d1a3e8c6';
    const res = await app.inject(`/auth/callback?code=${code}&state=${state}&iss=http%3A%2F%2Fidp.example`);
    expect(res.statusCode).toBe(401);
    expect(lines.some((l) => l.includes('/auth/callback?code=[redacted]&state=[redacted]'))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(code);
      expect(line).not.toContain(state);
    }
  });
});
