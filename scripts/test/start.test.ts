// `npm start` as a newcomer runs it: the real launcher, in a child process, on embedded defaults
// (PGlite, local object store, in-process queue) with empty data directories.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runJourney } from '../journey';

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
  let base = '';

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  /** Signals the whole process group, as Ctrl-C in a terminal does: npm, the launcher and the product. */
  const stop = async () => {
    if (!running()) return;
    const exited = new Promise((r) => child!.once('exit', r));
    process.kill(-child!.pid!, 'SIGTERM');
    await exited;
  };
  /** Whether any process is left in the group npm led (the launcher, the product, their helpers). */
  const groupAlive = (pgid: number) => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };

  afterAll(async () => {
    await stop();
    if (child?.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /readyz, a tRPC call and the web page within 60 s on empty data directories; and a newcomer completes the whole journey', async () => {
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
      // Its own process group, so that the group can be checked (and cleaned up) after npm is gone.
      detached: true,
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    base = `http://127.0.0.1:${port}`;
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

    // The whole newcomer journey of the README, through the endpoints a browser uses.
    const journey = await runJourney(base);
    expect(journey.me.role).toBe('artist');
    expect(journey.balance).toBe(100);
    expect(journey.history.entries[0]).toMatchObject({ kind: 'purchase', delta: 100 });
    expect(journey.notifications.map((n) => n.type)).toContain('model_training_completed');
    expect(journey.file.subarray(1, 4).toString()).toBe('PNG');
    expect(journey.verification).toMatchObject({
      genuine: true,
      licenseeName: expect.stringMatching(/^New Artist \d{4}$/),
    });
  }, 180_000);

  it('a SIGTERM to npm alone, as a process manager sends it, stops the whole product before npm exits', async () => {
    expect(running(), 'the product started by the test above').toBe(true);
    const npm = child!;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      npm.once('exit', (code, signal) => resolve({ code, signal })),
    );
    process.kill(npm.pid!, 'SIGTERM');
    // An orderly stop that ends in success, reported through npm's own exit status.
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('Style License stopped');
    // Nothing it started outlives it (esbuild's helper may need a moment to see its pipe close).
    for (let i = 0; i < 50 && groupAlive(npm.pid!); i++) await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive(npm.pid!), 'a process of `npm start` is still running').toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 60_000);
});
