// `npm start` as a newcomer runs it: the real launcher, in a child process, on embedded defaults
// (PGlite, local object store, in-process queue) with empty data directories.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { makeTrainingSet } from '@style-license/gpu-worker/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { Browser } from '../../server/test/browser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function poll(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sl-start-'));
  let child: ChildProcess | undefined;
  let output = '';

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  /** Signals the whole process group, as Ctrl-C in a terminal does: npm, the launcher and the product. */
  const stop = async () => {
    if (!running()) return;
    const exited = new Promise((r) => child!.once('exit', r));
    process.kill(-child!.pid!, 'SIGTERM');
    await exited;
  };

  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /readyz, a tRPC call and the web page within 60 s on empty data directories; a newcomer signs in, becomes an artist, buys tokens and trains a style', async () => {
    const port = await freePort();
    const started = Date.now();
    child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        DATABASE_URL: `pglite:${join(dataDir, 'pglite')}`,
        STORAGE_DIR: join(dataDir, 'objects'),
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const base = `http://127.0.0.1:${port}`;
    const deadline = started + 60_000;

    const ready = await poll(`${base}/readyz`, deadline);
    expect(await ready.json()).toMatchObject({ ok: true, database: 'up', queue: 'up', storage: 'up' });
    const trpc = await poll(`${base}/trpc/health.check`, deadline);
    expect(((await trpc.json()) as { result: { data: { ok: boolean } } }).result.data.ok).toBe(true);
    const webPage = await poll(`${base}/`, deadline);
    expect(await webPage.text()).toContain('<div id="root">');
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(output).toContain(`Style License is running at http://127.0.0.1:${port}`);
    expect(output).toContain('seeded demo data');

    // A newcomer signs in through the development provider and becomes an artist through the API.
    const browser = new Browser();
    const login = await browser.follow(`${base}/auth/signin`);
    expect(login.body).toContain('Development sign-in');
    const submitted = await browser.request(login.url, {
      form: { name: 'New Artist', email: 'new@example.test' },
    });
    const home = await browser.follow(submitted.location!, (location) => location === `${base}/`);
    expect(home.status).toBe(302);
    const signature = await sharp({
      create: { width: 400, height: 120, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg width="400" height="120"><path d="M10 100 C 100 0, 200 120, 390 20" stroke="black" stroke-width="8" fill="none"/></svg>',
          ),
          top: 0,
          left: 0,
        },
      ])
      .png()
      .toBuffer();
    const applied = await browser.request(`${base}/trpc/artists.submitApplication`, {
      json: {
        contactEmail: 'new@example.test',
        signature: { fileName: 'signature.png', dataBase64: signature.toString('base64') },
      },
      headers: { 'x-style-license-csrf': '1', origin: base },
    });
    expect(applied.status, applied.body).toBe(200);
    const me = JSON.parse((await browser.request(`${base}/trpc/auth.me`)).body).result.data;
    expect(me).toMatchObject({ email: 'new@example.test', role: 'artist' });
    const headers = { 'x-style-license-csrf': '1', origin: base };
    const call = async (path: string, input?: unknown, mutation = false) => {
      const hop = mutation
        ? await browser.request(`${base}/trpc/${path}`, { json: input ?? {}, headers })
        : await browser.request(
            `${base}/trpc/${path}${input ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`,
          );
      expect(hop.status, hop.body).toBe(200);
      return JSON.parse(hop.body).result.data;
    };

    // Tokens: buy 100 through the development checkout page, then see the purchase in the history.
    const checkout = await call('payments.createCheckout', { packageId: 'tokens_100' }, true);
    const page = await browser.request(checkout.url);
    expect(page.body).toContain('Development payment');
    const formToken = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    const paid = await browser.request(`${checkout.url}/pay`, { form: { token: formToken } });
    expect(paid.status).toBe(303);
    expect(await call('tokens.balance')).toEqual({ balance: 100 });
    const history = await call('tokens.history', {});
    expect(history.entries[0]).toMatchObject({ kind: 'purchase', delta: 100, subject: { type: 'purchase' } });

    // Styles: create one from 10 images, train it on the CPU engine, get the notification.
    const style = await call(
      'styles.create',
      { name: 'First Style', description: '', tags: ['watercolor'], priceTokens: 3 },
      true,
    );
    const images = await makeTrainingSet('ember', 10);
    const files = images.map((image) => ({
      fileName: image.fileName,
      byteSize: image.data.length,
      sha256: createHash('sha256').update(image.data).digest('hex'),
    }));
    const { uploads } = await call('training.requestUploads', { styleId: style.id, files }, true);
    for (const [i, upload] of (uploads as { url: string }[]).entries()) {
      expect((await fetch(upload.url, { method: 'PUT', body: images[i]!.data })).status).toBe(200);
    }
    const confirmed = await call(
      'training.confirmUploads',
      {
        styleId: style.id,
        uploads: uploads.map((u: { uploadToken: string }, i: number) => ({
          uploadToken: u.uploadToken,
          tags: images[i]!.tags,
        })),
      },
      true,
    );
    expect(confirmed.results.filter((r: { status: string }) => r.status === 'accepted')).toHaveLength(10);
    await call('training.submit', { styleId: style.id }, true);
    const trainingDeadline = Date.now() + 60_000;
    let notes: { type: string }[] = [];
    while (notes.length === 0 && Date.now() < trainingDeadline) {
      await new Promise((r) => setTimeout(r, 250));
      notes = (await call('notifications.list', {})).items;
    }
    expect(notes.map((n) => n.type)).toEqual(['model_training_completed']);
    expect(await call('styles.get', { styleId: style.id })).toMatchObject({ status: 'ready' });

    await stop();
    // Everything it started is gone: nothing answers on the port any more.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 180_000);
});
