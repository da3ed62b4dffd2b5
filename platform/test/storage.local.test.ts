/**
 * Runs the storage contract against the local directory store, its signed URLs fetched over real HTTP from
 * a node:http server mounting handleLocalStorageRequest; then the rules only the local store has.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleLocalStorageRequest } from '../src/storage/local-http';
import { createLocalStorage, type LocalObjectStorage } from '../src/storage/local';
import { InvalidObjectKeyError } from '../src/storage/local-urls';
import { describeStorageContract, tamperSignature } from './storage-contract';

const CAP = 64 * 1024; // A small cap keeps the 413 test fast; the 25 MB default is checked separately.
let dir: string;
let server: Server;
let baseUrl: string;
let storage: LocalObjectStorage;

function mount(req: IncomingMessage, res: ServerResponse) {
  const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: req };
  handleLocalStorageRequest(storage, request, { maxPutBytes: CAP })
    .then(async (response) => {
      res.writeHead(response.status, response.headers);
      if (response.body === undefined || Buffer.isBuffer(response.body)) res.end(response.body);
      else await pipeline(response.body, res);
    })
    .catch(() => {
      res.statusCode = 500;
      res.end();
    });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'style-license-local-store-'));
  server = createServer(mount);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  storage = createLocalStorage({ dir, publicBaseUrl: baseUrl, signingSecret: 'test-secret-0123456789' });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((closed) => server?.close(closed));
  await rm(dir, { recursive: true, force: true });
});

describeStorageContract('local', () => ({ storage, prefix: 'contract/' }));

async function* slowBody(chunks: Buffer[], gate: Promise<void>) {
  yield chunks[0] as Buffer;
  await gate; // The test looks at the store while the upload is half done.
  for (const chunk of chunks.slice(1)) yield chunk;
}

async function jsonOf(response: Response) {
  return (await response.json()) as { code: string; httpStatus: number; message: string };
}

describe('local storage', () => {
  it('rejects keys that could leave the store or alias another key', async () => {
    const bad = [
      '../escape',
      'a/../../escape',
      '/etc/passwd',
      'a\\b',
      'nul\0byte',
      'a//b',
      'a/',
      '',
      './a',
      'a/.',
    ];
    for (const key of bad) {
      await expect(storage.put(key, Buffer.from('x')), key).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(storage.presignPut(key, { expiresInSeconds: 60 }), key).rejects.toThrow(
        /invalid object key/,
      );
    }
    expect((await readdir(dir)).sort()).toEqual(['meta', 'objects', 'tmp']);
  });

  it('refuses traversal in a URL path before looking at the signature', async () => {
    const response = await fetch(`${baseUrl}/files/a/..%2F..%2Fetc%2Fpasswd?m=GET&exp=9999999999&sig=00`);
    expect(response.status).toBe(400);
    expect(await jsonOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 400 });
  });

  it('answers refusals with the platform error body', async () => {
    await storage.put('errors/x', Buffer.from('x'));
    const url = await storage.presignGet('errors/x', { expiresInSeconds: 60 });
    const response = await fetch(tamperSignature(url));
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await jsonOf(response)).toEqual({
      code: 'FORBIDDEN',
      httpStatus: 403,
      message: expect.any(String),
    });
    const missing = await fetch(await storage.presignGet('errors/none', { expiresInSeconds: 60 }));
    expect(await jsonOf(missing)).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
  });

  it('serves downloads so the browser never sniffs or runs them', async () => {
    await storage.put('safe/page', Buffer.from('<script>alert(1)</script>'), { contentType: 'text/html' });
    const url = await storage.presignGet('safe/page', { expiresInSeconds: 60 });
    const response = await fetch(url);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    await response.body?.cancel();
    const head = await fetch(url, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '25']);
  });

  it('refuses an upload over the cap with 413 and writes nothing', async () => {
    const url = await storage.presignPut('big/over-cap', { expiresInSeconds: 60 });
    const response = await fetch(url, { method: 'PUT', body: Buffer.alloc(CAP + 1) });
    expect(response.status).toBe(413);
    expect(await jsonOf(response)).toMatchObject({ code: 'VALIDATION_FAILED', httpStatus: 413 });
    expect(await storage.head('big/over-cap')).toBeNull();
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('stops a streamed body without Content-Length at the cap and keeps the previous object', async () => {
    await storage.put('big/streamed', Buffer.from('previous'));
    const url = await storage.presignPut('big/streamed', { expiresInSeconds: 60 });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 4 * CAP) return controller.close();
        sent += 8 * 1024;
        controller.enqueue(new Uint8Array(8 * 1024));
      },
    });
    const response = await fetch(url, { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    await response.body?.cancel();
    expect((await storage.get('big/streamed')).toString()).toBe('previous');
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('applies the 25 MB default cap from the declared Content-Length', async () => {
    const url = new URL(await storage.presignPut('big/declared', { expiresInSeconds: 60 }));
    const headers = { 'content-length': String(25 * 1024 * 1024 + 1) };
    const response = await handleLocalStorageRequest(storage, { method: 'PUT', url: url.href, headers });
    expect(response.status).toBe(413);
  });

  it('never exposes a half-written object, and leaves no temp files', async () => {
    await storage.put('atomic/img', Buffer.from('old'), { contentType: 'image/png' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const url = new URL(await storage.presignPut('atomic/img', { expiresInSeconds: 60 }));
    const upload = handleLocalStorageRequest(storage, {
      method: 'PUT',
      url: url.pathname + url.search,
      headers: { 'content-type': 'image/webp' },
      body: slowBody([Buffer.from('new '), Buffer.from('bytes')], gate),
    });
    await new Promise((wait) => setTimeout(wait, 50));
    expect((await storage.get('atomic/img')).toString()).toBe('old');
    expect(await readdir(join(dir, 'tmp'))).toHaveLength(1); // the upload in flight, and nowhere else
    release();
    expect((await upload).status).toBe(200);
    expect((await storage.get('atomic/img')).toString()).toBe('new bytes');
    expect(await storage.head('atomic/img')).toEqual({ size: 9, contentType: 'image/webp' });
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('a link expires at its exp, judged by the handler clock', async () => {
    await storage.put('clock/x', Buffer.from('x'));
    const url = new URL(await storage.presignGet('clock/x', { expiresInSeconds: 60 }));
    const exp = Number(url.searchParams.get('exp')) * 1000;
    const at = (now: number) =>
      handleLocalStorageRequest(storage, { method: 'GET', url: url.href, headers: {} }, { now: () => now });
    const before = await at(exp - 1);
    expect(before.status).toBe(200);
    if (before.body && !Buffer.isBuffer(before.body)) before.body.destroy();
    expect((await at(exp)).status).toBe(403);
  });
});
