import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, createUploadQueue, summarise, type UploadItem } from './upload-queue';
import { createUploadRunner, type ConfirmResult, type UploadApi } from './upload-runner';

const STYLE = '00000000-0000-4000-8000-000000000001';

function file(name: string, size = 1000, type = 'image/png', content = name): File {
  const f = new File([content], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

const byName = (items: UploadItem[], name: string) => items.find((i) => i.fileName === name)!;

describe('upload queue: adding files', () => {
  it('refuses wrong types, oversize and empty files on the client, and queues the rest for hashing', () => {
    const queue = createUploadQueue();
    queue
      .getState()
      .add(
        STYLE,
        [
          file('a.png'),
          file('b.jpg', 1000, 'image/jpeg'),
          file('c.gif', 1000, 'image/gif'),
          file('d.png', MAX_IMAGE_BYTES + 1),
          file('e.png', 0),
          file('f.webp', 1000, 'image/webp'),
        ],
        0,
      );
    const states = queue.getState().items.map((i) => [i.fileName, i.state, i.rule]);
    expect(states).toEqual([
      ['a.png', 'hashing', null],
      ['b.jpg', 'hashing', null],
      ['c.gif', 'refused', 'format'],
      ['d.png', 'refused', 'max_bytes'],
      ['e.png', 'refused', 'decode'],
      ['f.webp', 'refused', 'format'],
    ]);
  });

  it('refuses files past the 100-image limit, counting accepted images and files already queued', () => {
    const queue = createUploadQueue();
    queue.getState().add(STYLE, [file('1.png'), file('2.png')], 95);
    queue.getState().add(STYLE, [file('3.png'), file('4.png'), file('5.png'), file('6.png')], 95);
    const rules = queue.getState().items.map((i) => i.rule);
    expect(rules).toEqual([null, null, null, null, null, 'max_images']);
  });

  it('refuses a second copy of the same bytes once hashed', () => {
    const queue = createUploadQueue();
    const [a, b] = queue.getState().add(STYLE, [file('a.png'), file('b.png')], 0);
    queue.getState().hashed(a!.id, 'f'.repeat(64));
    queue.getState().hashed(b!.id, 'f'.repeat(64));
    expect(byName(queue.getState().items, 'a.png').state).toBe('waiting');
    expect(byName(queue.getState().items, 'b.png')).toMatchObject({ state: 'refused', rule: 'duplicate' });
  });
});

describe('upload queue: states and progress', () => {
  it('follows the allowed transitions only, so a late callback cannot undo an end state', () => {
    const queue = createUploadQueue();
    const [a] = queue.getState().add(STYLE, [file('a.png')], 0);
    const s = () => queue.getState();
    s().hashed(a!.id, 'a'.repeat(64));
    s().transition(a!.id, 'uploading', { progress: 0 });
    s().setProgress(a!.id, 0.5);
    expect(s().items[0]).toMatchObject({ state: 'uploading', progress: 0.5 });
    s().transition(a!.id, 'confirming');
    s().accept(a!.id);
    s().fail(a!.id, 'INTERNAL');
    s().setProgress(a!.id, 0.1);
    expect(s().items[0]).toMatchObject({ state: 'accepted', progress: 1 });
  });

  it('aggregates progress by size, counting finished files whole', () => {
    const queue = createUploadQueue();
    const [a, b, c] = queue
      .getState()
      .add(STYLE, [file('a.png', 100), file('b.png', 300), file('c.png', 600)], 0);
    const s = () => queue.getState();
    s().hashed(a!.id, '1'.repeat(64));
    s().hashed(b!.id, '2'.repeat(64));
    s().hashed(c!.id, '3'.repeat(64));
    s().transition(a!.id, 'uploading');
    s().transition(a!.id, 'confirming');
    s().accept(a!.id);
    s().transition(b!.id, 'uploading');
    s().setProgress(b!.id, 0.5);
    const summary = summarise(s().items);
    expect(summary).toMatchObject({ total: 3, accepted: 1, active: 2, refused: 0, failed: 0 });
    expect(summary.progress).toBeCloseTo((100 + 150) / 1000);
  });

  it('retries a failed file: back to waiting with its link, or without it when the link expired', () => {
    const queue = createUploadQueue();
    const [a, b] = queue.getState().add(STYLE, [file('a.png'), file('b.png')], 0);
    const s = () => queue.getState();
    const link = { url: 'u', uploadToken: 't', expiresAt: 10_000_000 };
    for (const [item, sha] of [
      [a!, '1'],
      [b!, '2'],
    ] as const) {
      s().hashed(item.id, sha.repeat(64));
      s().transition(item.id, 'uploading', { link });
    }
    s().fail(a!.id, null);
    s().transition(b!.id, 'confirming');
    s().fail(b!.id, 'VALIDATION_FAILED', 'expired');
    s().retry(a!.id, 0);
    s().retry(b!.id, 0);
    expect(byName(s().items, 'a.png')).toMatchObject({ state: 'waiting', link, retries: 1, errorCode: null });
    expect(byName(s().items, 'b.png')).toMatchObject({
      state: 'waiting',
      link: null,
      retries: 1,
      rule: null,
    });
  });
});

/** A fake API: links per file, PUTs that can be made to fail once, confirm results by file name. */
function fakeApi(results: Record<string, ConfirmResult['status'] | string>, failPutOnce: string[] = []) {
  const calls = { request: 0, confirm: 0, put: 0, maxInFlight: 0 };
  let inFlight = 0;
  const tokens = new Map<string, string>();
  const api: UploadApi = {
    sha256: async (f) =>
      (await f.text())
        .padEnd(64, '0')
        .slice(0, 64)
        .replace(/[^0-9a-f]/g, 'a'),
    async requestUploads({ files }) {
      calls.request += 1;
      return {
        uploads: files.map((f) => {
          tokens.set(`token-${f.fileName}`, f.fileName);
          return {
            fileName: f.fileName,
            url: `https://s3/${f.fileName}`,
            uploadToken: `token-${f.fileName}`,
          };
        }),
        expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      };
    },
    async put(url, _file, onProgress) {
      calls.put += 1;
      inFlight += 1;
      calls.maxInFlight = Math.max(calls.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      onProgress(0.5);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      const name = url.split('/').pop()!;
      const once = failPutOnce.indexOf(name);
      if (once >= 0) {
        failPutOnce.splice(once, 1);
        throw new TypeError('network');
      }
      onProgress(1);
    },
    async confirmUploads({ uploads }) {
      calls.confirm += 1;
      return {
        results: uploads.map(({ uploadToken }): ConfirmResult => {
          const fileName = tokens.get(uploadToken)!;
          const outcome = results[fileName] ?? 'accepted';
          return outcome === 'accepted'
            ? { fileName, status: 'accepted', imageId: `img-${fileName}` }
            : {
                fileName,
                status: 'rejected',
                error: { code: 'VALIDATION_FAILED', rule: outcome, message: outcome },
              };
        }),
      };
    },
  };
  return { api, calls };
}

describe('upload runner', () => {
  it('uploads four at a time, batches the calls, and maps server refusals to each file', async () => {
    const queue = createUploadQueue();
    const names = Array.from({ length: 12 }, (_, i) => `img-${String(i).padStart(2, '0')}.png`);
    queue.getState().add(
      STYLE,
      names.map((n) => file(n)),
      0,
    );
    const { api, calls } = fakeApi({ 'img-03.png': 'min_size', 'img-07.png': 'decode' });
    await createUploadRunner(queue, api, { batch: 8, concurrency: 4 }).kick();
    const items = queue.getState().items;
    expect(byName(items, 'img-03.png')).toMatchObject({ state: 'refused', rule: 'min_size' });
    expect(byName(items, 'img-07.png')).toMatchObject({ state: 'refused', rule: 'decode' });
    expect(items.filter((i) => i.state === 'accepted')).toHaveLength(10);
    expect(calls.maxInFlight).toBe(4);
    expect(calls.request).toBe(2);
    expect(calls.confirm).toBe(2);
    expect(summarise(items).progress).toBe(1);
  });

  it('marks a failed PUT failed, and a retry sends it again on the same link', async () => {
    const queue = createUploadQueue();
    queue.getState().add(STYLE, [file('a.png'), file('b.png')], 0);
    const { api, calls } = fakeApi({}, ['b.png']);
    const runner = createUploadRunner(queue, api);
    await runner.kick();
    expect(byName(queue.getState().items, 'b.png')).toMatchObject({ state: 'failed', errorCode: null });
    queue.getState().retry(byName(queue.getState().items, 'b.png').id);
    await runner.kick();
    expect(byName(queue.getState().items, 'b.png')).toMatchObject({ state: 'accepted', retries: 1 });
    expect(calls.request).toBe(1);
  });

  it('treats an expired link as retryable, and the retry asks for a new link', async () => {
    const queue = createUploadQueue();
    queue.getState().add(STYLE, [file('a.png')], 0);
    const outcomes: Record<string, string> = { 'a.png': 'expired' };
    const { api, calls } = fakeApi(outcomes);
    const runner = createUploadRunner(queue, api);
    await runner.kick();
    expect(queue.getState().items[0]).toMatchObject({ state: 'failed', rule: 'expired', link: null });
    delete outcomes['a.png'];
    queue.getState().retry(queue.getState().items[0]!.id);
    await runner.kick();
    expect(queue.getState().items[0]!.state).toBe('accepted');
    expect(calls.request).toBe(2);
  });
});

describe('upload runner: a confirm whose answer is lost', () => {
  /** A server that records each confirmed token and answers a second confirm of it `duplicate`. */
  function losingApi(loseFirstConfirm: boolean) {
    const base = fakeApi({});
    const confirmed = new Set<string>();
    let lose = loseFirstConfirm;
    const refreshed: string[] = [];
    const api: UploadApi = {
      ...base.api,
      async confirmUploads({ uploads }) {
        base.calls.confirm += 1;
        const results = uploads.map(({ uploadToken }): ConfirmResult => {
          const fileName = uploadToken.replace(/^token-/, '');
          if (confirmed.has(uploadToken))
            return {
              fileName,
              status: 'rejected',
              error: {
                code: 'VALIDATION_FAILED',
                rule: 'duplicate',
                message: 'this upload token was already confirmed',
              },
            };
          confirmed.add(uploadToken);
          return { fileName, status: 'accepted', imageId: `img-${fileName}` };
        });
        // The server accepted the batch, but the answer never reaches the browser.
        if (lose) {
          lose = false;
          throw new TypeError('Failed to fetch');
        }
        return { results };
      },
      onConfirmed: (styleId) => refreshed.push(styleId),
    };
    return { api, calls: base.calls, refreshed };
  }

  it('counts the retry’s `duplicate` as accepted, and refreshes the images after every confirm', async () => {
    const queue = createUploadQueue();
    queue.getState().add(STYLE, [file('a.png')], 0);
    const { api, refreshed } = losingApi(true);
    const runner = createUploadRunner(queue, api);
    await runner.kick();
    expect(queue.getState().items[0]).toMatchObject({ state: 'failed', errorCode: null, confirmLost: true });
    // The image is in the style already: the grid is refreshed even though the call failed.
    expect(refreshed).toEqual([STYLE]);
    queue.getState().retry(queue.getState().items[0]!.id);
    await runner.kick();
    expect(queue.getState().items[0]).toMatchObject({ state: 'accepted', rule: null, retries: 1 });
    expect(refreshed).toEqual([STYLE, STYLE]);
  });

  it('still refuses a `duplicate` for a file whose confirm was answered', async () => {
    const queue = createUploadQueue();
    queue.getState().add(STYLE, [file('a.png')], 0);
    const { api, calls } = fakeApi({ 'a.png': 'duplicate' });
    const refreshed: string[] = [];
    await createUploadRunner(queue, { ...api, onConfirmed: (id) => refreshed.push(id) }).kick();
    expect(queue.getState().items[0]).toMatchObject({ state: 'refused', rule: 'duplicate' });
    expect(calls.confirm).toBe(1);
    expect(refreshed).toEqual([STYLE]);
  });
});

describe('signing out', () => {
  it('drops every upload of the one queue, so the next person in the tab sees none', async () => {
    const { uploadQueue } = await import('./upload-queue');
    const { signOutListenersForTest } = await import('../../lib/sign-out');
    uploadQueue
      .getState()
      .add('style-1', [new File([new Uint8Array(10)], 'a.png', { type: 'image/png' })], 0);
    expect(uploadQueue.getState().items).toHaveLength(1);
    for (const listener of signOutListenersForTest()) listener();
    expect(uploadQueue.getState().items).toEqual([]);
  });
});
