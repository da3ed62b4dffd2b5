// The built bundles, run without Electron: the build script bundles, the preload requires only
// 'electron', and the built core process (under a stand-in parentPort) opens a studio, scans with its
// built worker threads, makes a thumbnail and serves the app origin with the CSP, all over its port.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/core/host';
import { renderTestImage } from '../src/core/library/test-images';

const run = promisify(execFile);
const desktop = fileURLToPath(new URL('..', import.meta.url));
const dist = join(desktop, 'dist');

/** Plays Electron's part: a parentPort that hands the bundle an Electron-shaped MessagePort, then main's. */
const HARNESS = `
const { EventEmitter } = require('node:events');
const { MessageChannel } = require('node:worker_threads');
const [bundle, config, folder] = JSON.parse(process.env.HARNESS_ARGS);
process.parentPort = new EventEmitter();
require(bundle);
const { port1, port2 } = new MessageChannel();
const electronShaped = {
  postMessage: (message) => port2.postMessage(message),
  on(event, listener) {
    port2.on(event, event === 'message' ? (data) => listener({ data, ports: [] }) : listener);
    return this;
  },
  start() {},
  close: () => port2.close(),
};
process.parentPort.emit('message', { data: { config }, ports: [electronShaped] });

let nextId = 0;
const waiting = new Map();
port1.on('message', (message) => {
  if (message.type === 'request') {
    // Main's services: no token, no dialog, no browser.
    port1.postMessage({ type: 'answer', id: message.id, ok: true, value: null });
  } else if (message.type === 'answer') {
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    message.ok ? call.resolve(message.value) : call.reject(new Error(message.error.code));
  }
});
const call = (method, params) =>
  new Promise((resolve, reject) => {
    const id = ++nextId;
    waiting.set(id, { resolve, reject });
    port1.postMessage({ type: 'request', id, method, params });
  });
const get = (url) => call('request', { method: 'GET', url, headers: [], body: null });
const header = (answer, name) => (answer.headers.find(([key]) => key === name) || [])[1];

(async () => {
  await call('ready', null);
  const added = await call('operation', { name: 'addFolder', input: { path: folder } });
  const bad = await call('operation', { name: 'addFolder', input: { path: 'relative' } });
  const page = await call('operation', { name: 'queryImages', input: { limit: 10 } });
  const thumbnail = await get('studio://app/media/thumbnail/' + page.value.images[0].id + '?size=128');
  const index = await get('studio://app/');
  await call('close', null);
  console.log(JSON.stringify({
    added: added.value.added,
    bad: bad.error.code,
    thumbnail: { status: thumbnail.status, type: header(thumbnail, 'content-type'), bytes: thumbnail.body.length },
    index: { status: index.status, csp: header(index, 'content-security-policy'), body: Buffer.from(index.body).toString() },
  }));
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'electron-bundle-'));
  await run(process.execPath, [join(desktop, 'scripts', 'build-electron.mjs')], { cwd: desktop });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the Electron bundles', () => {
  it('are built where package.json and electron-builder.yml expect them', async () => {
    const pkg = JSON.parse(await readFile(join(desktop, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/index.cjs');
    for (const file of [
      'main/index.cjs',
      'main/core-process.cjs',
      'main/inspect-worker.js',
      'main/thumbnail-worker.js',
      'preload/index.cjs',
    ])
      await expect(readFile(join(dist, file)), file).resolves.toBeInstanceOf(Buffer);
  });

  it('give the sandboxed preload nothing to require but electron', async () => {
    const preload = await readFile(join(dist, 'preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(required).toEqual(['electron']);
  });

  it('run the studio core from the built files, worker threads included', async () => {
    const folder = join(dir, 'art');
    const renderer = join(dir, 'renderer');
    await mkdir(folder);
    await mkdir(renderer);
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>studio</title>');
    for (const seed of [1, 2])
      await writeFile(
        join(folder, `${seed}.png`),
        await renderTestImage({ format: 'png', width: 80, height: 60, seed }),
      );
    const harness = join(dir, 'harness.cjs');
    await writeFile(harness, HARNESS);
    const config = { dataDir: join(dir, 'data'), platformUrl: 'http://127.0.0.1:9', rendererDir: renderer };
    const { stdout } = await run(process.execPath, [harness], {
      cwd: dir,
      env: {
        ...process.env,
        HARNESS_ARGS: JSON.stringify([join(dist, 'main', 'core-process.cjs'), config, folder]),
      },
      timeout: 90_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({
      added: 2,
      bad: 'VALIDATION_FAILED',
      thumbnail: { status: 200, type: 'image/webp' },
      index: { status: 200, csp: CONTENT_SECURITY_POLICY, body: '<!doctype html><title>studio</title>' },
    });
    expect(result.thumbnail.bytes).toBeGreaterThan(50);
  }, 120_000);
});
