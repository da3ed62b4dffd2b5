/**
 * The upload queue's own rules, against an in-memory stand-in for the platform and its store (no
 * services): input checks, persistence, pause/resume, bounded concurrency, retries, relinks, sign-out.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@style-license/shared';
import { openUploadQueue, PublishApiError, type PublishApi } from '../src/core/publish';
import { backoffMs } from '../src/core/publish/retry';

const STYLE = randomUUID();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The platform as the queue sees it: links, a store of PUT bytes, confirms that de-duplicate by hash. */
function fakePlatform() {
  const stored = new Map<string, string>(); // url → sha256 of the bytes PUT there
  const grants = new Map<string, { url: string; sha256: string; fileName: string }>();
  const held = new Map<string, string[]>(); // sha256 → tags, the style's images
  const stats = { puts: 0, inFlight: 0, maxInFlight: 0, requests: 0, confirms: 0 };
  const hooks: {
    put?: (n: number) => Response | null;
    confirm?: (token: string) => { rule: string } | null;
    request?: () => void;
  } = {};
  let next = 0;
  const api: PublishApi = {
    async requestUploads(input) {
      stats.requests += 1;
      hooks.request?.();
      const uploads = input.files.map((file) => {
        const token = `t${++next}`;
        const url = `http://store.test/${token}`;
        grants.set(token, { url, sha256: file.sha256, fileName: file.fileName });
        return { fileName: file.fileName, url, uploadToken: token };
      });
      return { uploads, expiresAt: new Date(Date.now() + 15 * 60_000).toISOString() };
    },
    async confirmUploads(input) {
      stats.confirms += 1;
      return {
        results: input.uploads.map(({ uploadToken, tags }) => {
          const grant = grants.get(uploadToken)!;
          const forced = hooks.confirm?.(uploadToken);
          const rule =
            forced?.rule ??
            (stored.get(grant.url) !== grant.sha256
              ? 'missing'
              : held.has(grant.sha256)
                ? 'duplicate'
                : null);
          if (rule) {
            return {
              fileName: grant.fileName,
              status: 'rejected' as const,
              error: { code: 'VALIDATION_FAILED', rule, message: rule },
            };
          }
          held.set(grant.sha256, tags);
          return { fileName: grant.fileName, status: 'accepted' as const, imageId: randomUUID() };
        }),
      };
    },
  };
  const fetch = (async (url: string, init: RequestInit) => {
    stats.puts += 1;
    const forced = hooks.put?.(stats.puts);
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      const bytes = new Uint8Array(await new Response(init.body).arrayBuffer());
      await new Promise((r) => setTimeout(r, 5));
      if (forced) return forced;
      stored.set(String(url), sha256(bytes));
      return new Response(null, { status: 200 });
    } finally {
      stats.inFlight -= 1;
    }
  }) as typeof globalThis.fetch;
  return { api, fetch, held, stats, hooks };
}

describe('the upload queue', () => {
  let dir: string;
  let files: { imageId: string; path: string; sha256: string; tags: string[] }[];
  const queueFile = () => join(dir, 'data', 'queue.json');
  const fast = { baseMs: 1, maxMs: 5 };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sl-queue-'));
    files = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const bytes = Buffer.from(`image ${i} `.repeat(50 + i));
        const path = join(dir, `f${i}.png`);
        await writeFile(path, bytes);
        return { imageId: `i${i}`, path, sha256: sha256(bytes), tags: ['Ink', `n${i}`, 'ink'] };
      }),
    );
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses bad input with VALIDATION_FAILED and changes nothing', async () => {
    const platform = fakePlatform();
    const queue = await openUploadQueue({ file: queueFile() }, platform);
    await queue.enqueue({ styleId: STYLE, files: files.slice(0, 2) });
    const before = await readFile(queueFile(), 'utf8');
    for (const bad of [
      { styleId: 'nope', files: files.slice(2, 3) },
      { styleId: STYLE, files: [{ ...files[2]!, sha256: 'xyz' }] },
      { styleId: STYLE, files: [{ ...files[2]!, tags: ['<b>'] }] },
      { styleId: STYLE, files: [files[3]!, { ...files[2]!, path: join(dir, 'gone.png') }] },
    ]) {
      const error = await queue.enqueue(bad as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
    }
    expect(await readFile(queueFile(), 'utf8')).toBe(before);
    expect(queue.items().map((i) => i.imageId)).toEqual(['i0', 'i1']);
    await expect(openUploadQueue({ file: queueFile(), concurrency: 0 }, platform)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('keeps its entries on disk, once per content, with normalised tags', async () => {
    const platform = fakePlatform();
    const first = await openUploadQueue({ file: queueFile() }, platform);
    expect(await first.enqueue({ styleId: STYLE, files })).toEqual({ added: 30, skipped: 0 });
    expect(await first.enqueue({ styleId: STYLE, files: files.slice(0, 5) })).toEqual({
      added: 0,
      skipped: 5,
    });
    await first.close();
    const again = await openUploadQueue({ file: queueFile() }, platform);
    // Reopened with work left (as after a restart): paused until started, and it says so.
    expect(again.report()).toMatchObject({
      total: 30,
      pending: 30,
      run: { status: 'paused', reason: 'not_started' },
    });
    const started = again.start();
    expect(again.report().run).toEqual({ status: 'running' });
    const report = await started;
    expect(report.accepted.length).toBe(30);
    expect(report.run).toEqual({ status: 'idle' });
    expect(again.report().run).toEqual({ status: 'idle' });
    expect(platform.held.get(files[4]!.sha256)).toEqual(['ink', 'n4']);
  });

  it('holds at most `concurrency` PUTs at once, and batches links and confirms', async () => {
    const platform = fakePlatform();
    const queue = await openUploadQueue({ file: queueFile(), concurrency: 4, batchSize: 10 }, platform);
    await queue.enqueue({ styleId: STYLE, files });
    expect((await queue.start()).accepted.length).toBe(30);
    expect(platform.stats.maxInFlight).toBeLessThanOrEqual(4);
    expect(platform.stats.maxInFlight).toBeGreaterThan(1);
    expect(platform.stats.requests).toBe(3);
    expect(platform.stats.confirms).toBeLessThanOrEqual(6);
  });

  it('pauses between steps and resumes where it stopped', async () => {
    const platform = fakePlatform();
    const queue = await openUploadQueue({ file: queueFile(), batchSize: 5 }, platform);
    await queue.enqueue({ styleId: STYLE, files });
    const events: string[] = [];
    queue.on((event) => {
      if (event.kind === 'item' && event.item.state === 'accepted' && events.push(event.item.imageId) === 5)
        void queue.pause();
    });
    const paused = await queue.start();
    expect(paused.pending).toBeGreaterThan(0);
    expect(paused.accepted.length).toBeLessThan(30);
    expect(paused.run).toEqual({ status: 'paused', reason: 'asked' });
    const done = await queue.start();
    expect(done.accepted.length).toBe(30);
    expect(platform.held.size).toBe(30);
  });

  it('retries 5xx with backoff, gives up after the policy, and takes failed files back', async () => {
    const platform = fakePlatform();
    let broken = true;
    platform.hooks.put = () => (broken ? new Response('down', { status: 503 }) : null);
    const retries: number[] = [];
    const queue = await openUploadQueue(
      { file: queueFile(), retry: { attempts: 3, ...fast } },
      { ...platform, random: () => 0.5 },
    );
    queue.on((event) => event.kind === 'retry' && retries.push(event.failures));
    await queue.enqueue({ styleId: STYLE, files: files.slice(0, 3) });
    const failed = await queue.start();
    expect(failed.failed.map((i) => i.errorCode)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
    expect(retries.filter((n) => n === 2).length).toBe(3); // two retries each, then given up
    broken = false;
    expect(await queue.retryFailed()).toBe(3);
    expect((await queue.start()).accepted.length).toBe(3);
  });

  it('asks for a new link when a PUT is refused as expired or the server says expired', async () => {
    const platform = fakePlatform();
    platform.hooks.put = (n) => (n === 1 ? new Response('Request has expired', { status: 403 }) : null);
    let expireOnce = true;
    platform.hooks.confirm = () => (expireOnce ? ((expireOnce = false), { rule: 'expired' }) : null);
    const queue = await openUploadQueue({ file: queueFile(), retry: fast }, platform);
    await queue.enqueue({ styleId: STYLE, files: files.slice(0, 4) });
    const report = await queue.start();
    expect(report.accepted.length).toBe(4);
    expect(platform.stats.requests).toBeGreaterThanOrEqual(3);
  });

  it('stops, keeping every entry, when the token is refused', async () => {
    const platform = fakePlatform();
    platform.hooks.request = () => {
      throw new PublishApiError('signed out', 'UNAUTHORIZED', 401, false);
    };
    const queue = await openUploadQueue({ file: queueFile() }, platform);
    const paused: string[] = [];
    queue.on((event) => event.kind === 'paused' && paused.push(event.reason));
    await queue.enqueue({ styleId: STYLE, files: files.slice(0, 3) });
    expect(await queue.start()).toMatchObject({
      pending: 3,
      failed: [],
      run: { status: 'paused', reason: 'unauthorized' },
    });
    expect(paused).toEqual(['unauthorized']);
    platform.hooks.request = undefined;
    expect((await queue.start()).accepted.length).toBe(3);
  });

  it('draws each wait at random below a doubling cap', () => {
    const policy = { attempts: 6, baseMs: 100, maxMs: 1000 };
    expect(backoffMs(policy, 1, () => 0.999)).toBe(99);
    expect(backoffMs(policy, 3, () => 0.999)).toBe(399);
    expect(backoffMs(policy, 10, () => 0.999)).toBe(999);
    expect(backoffMs(policy, 3, () => 0)).toBe(0);
  });
});
