// The server serves the built web client: its files, and index.html for every client-side route, but
// never HTML for a missing built file (a browser would run it as JavaScript) or for an API path.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './support';

describe('the web client route', () => {
  const dist = mkdtempSync(join(tmpdir(), 'sl-web-dist-'));
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    // As the build writes them (web/vite-precompress.ts).
    writeFileSync(join(dist, 'assets', 'app-1.js.gz'), gzipSync('console.log(1)'));
    server = await startTestServer({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers client-side routes in both languages with the app', async () => {
    for (const path of [
      '/',
      '/en/search?tags=ink',
      '/ko/styles/4b0c',
      '/artists/x',
      '/tokensmith',
      '/filesystem',
    ]) {
      const response = await fetch(`${server.base}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('serves built files, and a missing one as 404', async () => {
    const file = await fetch(`${server.base}/assets/app-1.js`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/javascript/);
    const missing = await fetch(`${server.base}/assets/app-0.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sends the precompressed copy to a browser that accepts it', async () => {
    const response = await fetch(`${server.base}/assets/app-1.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe('console.log(1)'); // fetch decodes it
    const raw = await import('node:http').then(
      (http) =>
        new Promise<Buffer>((resolve) =>
          http.get(`${server.base}/assets/app-1.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
          }),
        ),
    );
    expect(gunzipSync(raw).toString()).toBe('console.log(1)');
  });

  it('never answers an API path with the app', async () => {
    const response = await fetch(`${server.base}/tokens/unknown`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/json/);
  });
});
