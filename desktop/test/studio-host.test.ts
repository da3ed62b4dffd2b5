/**
 * The app origin and the HTTP test host: the renderer's files served with the CSP and nothing outside
 * them, catalog media by id only, the platform proxy adding the desktop token while keeping cookies and
 * the renderer's origin in, and the IPC stand-in refusing other pages.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDIO_OPERATIONS } from '../src/bridge/studio-api';
import { CONTENT_SECURITY_POLICY } from '../src/core/host';
import { memoryTokenStore } from '../src/core/session';
import { startTestHost, type TestHost } from '../src/test-host/server';
import { openStudioFixture, type StudioFixture } from './studio-fixtures';

describe('the app origin and the test host', () => {
  let fixture: StudioFixture;
  let host: TestHost;
  let platform: Server;
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    // A stand-in platform that records what reaches it and tries to set a cookie.
    platform = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ url: request.url!, headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sl_session=stolen' });
        response.end('{"result":{"data":null}}');
      });
    });
    await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
    const platformUrl = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;
    fixture = await openStudioFixture({ platformUrl, tokenStore: memoryTokenStore('desktop-token-123') });
    const rendererDir = join(fixture.root, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(
      join(rendererDir, 'index.html'),
      '<!doctype html><html><head><title>Studio</title></head></html>',
    );
    await writeFile(join(rendererDir, 'assets', 'app-1234.js'), 'console.log("app")');
    host = await startTestHost({ studio: fixture.studio, rendererDir });
    await fixture.studio.library.addFolder(fixture.libraryDir);
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    await fixture?.close();
    platform?.closeAllConnections();
    await new Promise((resolve) => platform?.close(resolve));
  });

  const ipc = (operation: string, input: unknown, headers: Record<string, string> = {}) =>
    fetch(`${host.url}/ipc/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ input }),
    });

  it('serves the renderer with the CSP, the bridge script first, and nothing outside its folder', async () => {
    const page = await fetch(`${host.url}/`);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(await page.text()).toContain('<head><script src="/studio-bridge.js"></script>');
    // A route of the single-page app is the page too; an asset is itself, cached for good.
    expect(await (await fetch(`${host.url}/library/tags`)).text()).toContain('<title>Studio</title>');
    const asset = await fetch(`${host.url}/assets/app-1234.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of [
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/..%5c..%5cwin.ini',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    ]) {
      // Either refused or the app's own page (a route without an extension): never the file named.
      const answer = await fetch(`${host.url}${path}`);
      const body = await answer.text();
      expect(body, path).not.toMatch(/root:|\[fonts\]/);
      expect(answer.status === 404 || body.includes('<title>Studio</title>'), path).toBe(true);
    }
    const bridge = await (await fetch(`${host.url}/studio-bridge.js`)).text();
    for (const operation of STUDIO_OPERATIONS) expect(bridge).toContain(`"${operation}"`);
  });

  it('serves thumbnails and originals by catalog id only, with revalidation', async () => {
    const { images } = await fixture.studio.catalog.query({ limit: 1 });
    const image = images[0]!;
    const thumb = await fetch(`${host.url}/media/thumbnail/${image.id}?size=128`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const etag = thumb.headers.get('etag')!;
    expect(
      (
        await fetch(`${host.url}/media/thumbnail/${image.id}?size=128`, {
          headers: { 'if-none-match': etag },
        })
      ).status,
    ).toBe(304);
    const original = await fetch(`${host.url}/media/original/${image.id}`);
    expect(Buffer.from(await original.arrayBuffer()).equals(await readFile(image.path))).toBe(true);
    for (const path of [
      '/media/original/00000000-0000-4000-8000-000000000000',
      `/media/thumbnail/${image.id}?size=5000`,
      `/media/original/${encodeURIComponent(image.path)}`,
    ])
      expect((await fetch(`${host.url}${path}`)).status, path).toBe(404);
    expect((await fetch(`${host.url}/media/original/${image.id}`, { method: 'POST' })).status).toBe(405);
  });

  it('proxies /platform with the desktop token, never the renderer’s cookies, and keeps the platform’s out', async () => {
    seen.length = 0;
    const answer = await fetch(`${host.url}/platform/trpc/auth.me?input=%7B%7D`, {
      headers: {
        cookie: 'sl_session=renderer-cookie',
        'x-style-license-csrf': '1',
        origin: 'https://evil.example',
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(seen[0]!.url).toBe('/trpc/auth.me?input=%7B%7D');
    expect(seen[0]!.headers.authorization).toBe('Bearer desktop-token-123');
    expect(seen[0]!.headers.cookie).toBeUndefined();
    expect(seen[0]!.headers.origin).toBeUndefined();
    await fetch(`${host.url}/platform/trpc/styles.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Ink"}',
    });
    expect(seen[1]!.body).toBe('{"name":"Ink"}');
  });

  it('runs operations for its own page only, JSON only, and streams core events', async () => {
    const own = await (await ipc('listFolders', null)).json();
    expect(own).toEqual({ ok: true, value: [{ path: fixture.libraryDir, images: 15 }] });
    expect((await ipc('listFolders', null, { origin: 'https://evil.example' })).status).toBe(403);
    const form = await fetch(`${host.url}/ipc/removeFolder`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ input: { path: fixture.libraryDir } }),
    });
    expect(form.status).toBe(415);
    expect((await fetch(`${host.url}/ipc/listFolders`)).status).toBe(403);
    expect(await (await ipc('setRating', { ids: ['x'], rating: 1 })).json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    expect(await fixture.studio.catalog.folders()).toHaveLength(1);

    const events = await fetch(`${host.url}/ipc/events`);
    const reader = events.body!.getReader();
    await reader.read(); // ": connected"
    const { images } = await fixture.studio.catalog.query({ limit: 1 });
    await ipc('addTags', { imageIds: [images[0]!.id], tags: ['sea'] });
    const chunk = new TextDecoder().decode((await reader.read()).value);
    expect(chunk).toMatch(/^data: \{"kind":"tags-changed"/);
    await reader.cancel();
  });
});
