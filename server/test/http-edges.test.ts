import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { API_BODY_LIMIT, MAX_JSON_DEPTH, VERIFY_BODY_LIMIT } from '../src/http/body-limits';
import { VERIFY_FILE_MAX_BYTES } from '@style-license/shared';
import { MAX_TRPC_PATH_LENGTH } from '../src/http/trpc-route';
import { createTestDeps, signInAs, type TestServerDeps } from './support';

const WEB = 'http://web.example.test';
const EVIL = 'http://evil.example.test';

describe('HTTP edges: CORS, CSRF order, body and URL limits', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  let browser: Record<string, string>;

  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
    ({ browser } = await signInAs(deps));
  });
  afterAll(async () => {
    await app?.close();
    await deps?.dispose();
  });

  const post = (path: string, payload: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: `/trpc/${path}`, payload, headers });
  const json = { 'content-type': 'application/json' };

  describe('CORS', () => {
    it('offers neither an allowed origin nor credentials to a foreign Origin (preflight and simple request)', async () => {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/trpc/auth.signOut',
        headers: { origin: EVIL, 'access-control-request-method': 'POST' },
      });
      const simple = await app.inject({ url: '/trpc/health.check', headers: { origin: EVIL } });
      for (const res of [preflight, simple]) {
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      }
    });

    it('offers both to the configured web origin', async () => {
      const res = await app.inject({ url: '/trpc/health.check', headers: { origin: WEB } });
      expect(res.headers['access-control-allow-origin']).toBe(WEB);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
    });
  });

  describe('CSRF comes before the body is looked at', () => {
    const crossSiteShapes: [string, string, string][] = [
      ['text/plain', '{"a":1}', 'text/plain'],
      ['a form', 'a=1', 'application/x-www-form-urlencoded'],
      ['a multipart form', '--x\r\n\r\n--x--', 'multipart/form-data; boundary=x'],
      ['JSON', '{}', 'application/json'],
    ];
    it.each(crossSiteShapes)(
      'a cookie mutation sent as %s without the CSRF header gets FORBIDDEN',
      async (_shape, payload, type) => {
        const res = await post('auth.signOut', payload, {
          cookie: browser.cookie!,
          origin: EVIL,
          'content-type': type,
        });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.data).toMatchObject({ code: 'FORBIDDEN', path: 'auth.signOut' });
      },
    );

    it('an oversized cross-site body is refused as FORBIDDEN too, before it is read', async () => {
      const res = await post('auth.signOut', 'a'.repeat(API_BODY_LIMIT + 1), {
        'content-type': 'text/plain',
      });
      expect(res.json().error.data.code).toBe('FORBIDDEN');
    });

    it('with the header, a body that is not JSON is VALIDATION_FAILED', async () => {
      const res = await post('auth.signOut', 'a=1', {
        ...browser,
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.data.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('body size per procedure', () => {
    it('a text procedure refuses a body over its limit with 413 PAYLOAD_TOO_LARGE (declared or streamed)', async () => {
      const big = JSON.stringify({ note: 'a'.repeat(API_BODY_LIMIT) });
      const declared = await post('auth.signOut', big, { ...browser, ...json });
      expect(declared.statusCode).toBe(413);
      expect(declared.json().error.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
      // A stream has no Content-Length: the limit is enforced on the bytes that arrive.
      const streamed = await app.inject({
        method: 'POST',
        url: '/trpc/auth.signOut',
        headers: { ...browser, ...json },
        payload: Readable.from([big]),
      });
      expect(streamed.statusCode).toBe(413);
    });

    it('verification takes an 8 MB file as base64, and refuses more than its limit with 413', async () => {
      const largest = Buffer.alloc(VERIFY_FILE_MAX_BYTES, 7).toString('base64');
      const ok = await post('licenses.verify', JSON.stringify({ fileBase64: largest }), {
        ...browser,
        ...json,
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().result.data.genuine).toBe(false);
      const over = await post(
        'licenses.verify',
        JSON.stringify({ fileBase64: 'A'.repeat(VERIFY_BODY_LIMIT) }),
        {
          ...browser,
          ...json,
        },
      );
      expect(over.statusCode).toBe(413);
      expect(over.json().error.data.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('a plain route refuses an oversized body with 413 in the plain error body', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/auth/desktop/token',
        headers: json,
        payload: JSON.stringify({ code: 'a'.repeat(128 * 1024) }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    });
  });

  describe('JSON nesting depth', () => {
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

    it('refuses a body nested deeper than any input before parsing it, on the API and on plain routes', async () => {
      // The attack: ~2 MB of brackets would be a million nested arrays once parsed.
      const api = await post('licenses.verify', nested(1_000_000), { ...browser, ...json });
      expect(api.statusCode).toBe(400);
      expect(api.json().error.data).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ rule: 'json_depth' }],
      });
      const plain = await app.inject({
        method: 'POST',
        url: '/auth/desktop/token',
        headers: json,
        payload: nested(30_000),
      });
      expect(plain.statusCode).toBe(400);
      expect(plain.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ rule: 'json_depth' }] });
    });

    it('counts only structure: brackets inside strings and escaped quotes do not count', async () => {
      const text = `${'['.repeat(MAX_JSON_DEPTH - 1)}"[[[[\\"{{{{"${']'.repeat(MAX_JSON_DEPTH - 1)}`;
      const res = await post('licenses.verify', JSON.stringify({ fileBase64: text }), {
        ...browser,
        ...json,
      });
      expect(res.json().error?.data?.details?.[0]?.rule).not.toBe('json_depth');
    });
  });

  describe('URL limits', () => {
    it('serves a batch of a dozen calls (a path over 100 characters)', async () => {
      const path = Array.from({ length: 12 }, () => 'health.check').join(',');
      const res = await app.inject(`/trpc/${path}?batch=1&input=${encodeURIComponent('{}')}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toHaveLength(12);
    });

    it('answers a batch path over the limit with 413 PAYLOAD_TOO_LARGE, one tRPC error per call', async () => {
      const calls = Math.ceil(MAX_TRPC_PATH_LENGTH / 'health.check,'.length) + 1;
      const path = Array.from({ length: calls }, () => 'health.check').join(',');
      const res = await app.inject(`/trpc/${path}?batch=1&input=${encodeURIComponent('{}')}`);
      expect(res.statusCode).toBe(413);
      const body = res.json() as { error: { data: { code: string; requestId: string } } }[];
      expect(body).toHaveLength(calls);
      expect(body[0]!.error.data).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        requestId: res.headers['x-request-id'],
      });
    });
  });
});
