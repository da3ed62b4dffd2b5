// Main's IPC table end to end without Electron: a fake ipcMain, the real sender check, and the real
// core (serveCore → openStudio → createStudioOperations) on a temp folder over a worker_threads port.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, STUDIO_OPERATIONS, type StudioResult } from '../src/bridge/studio-api';
import { memoryTokenStore } from '../src/core/session';
import type { Studio } from '../src/core/studio';
import { renderTestImage } from '../src/core/library/test-images';
import type { CoreMethods, MainMethods } from '../src/main/core-api';
import { serveCore } from '../src/main/core-service';
import { registerStudioIpc } from '../src/main/ipc';
import { connectPeer, nodePort, type Peer } from '../src/main/port-protocol';
import { isTrustedSender } from '../src/main/security';

vi.mock('electron', () => ({})); // nothing here may reach a real Electron module

type Handler = (event: unknown, ...args: unknown[]) => Promise<StudioResult<unknown>>;

/** A fake ipcMain that records every handle() call. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const handle = vi.fn((channel: string, handler: Handler) => {
    if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    handlers.set(channel, handler);
  });
  return { handle, handlers };
}

/** Our window: its webContents and main frame showing the app origin. */
const mainFrame = { url: 'studio://app/', parent: null, processId: 4, routingId: 1 };
const webContents = { mainFrame };
const window = { isDestroyed: () => false, webContents };
const trusted = { sender: webContents, senderFrame: mainFrame };
const untrusted = {
  'a foreign page in our window': {
    sender: webContents,
    senderFrame: { ...mainFrame, url: 'https://evil.example/' },
  },
  'a subframe of the app': {
    sender: webContents,
    senderFrame: { url: 'studio://app/', parent: mainFrame, processId: 4, routingId: 7 },
  },
  'another studio:// host': { sender: webContents, senderFrame: { ...mainFrame, url: 'studio://evil/' } },
  'another web contents': { sender: { mainFrame }, senderFrame: mainFrame },
  'a frame that is gone': { sender: webContents, senderFrame: null },
};

let dir: string;
let imageFolder: string;
let core: Peer<CoreMethods>;
let studio: Studio;
let closeCore: () => Promise<void>;
let channel: MessageChannel;
const ipc = fakeIpcMain();
const operation = vi.fn((name: string, input: unknown) => core.call('operation', { name, input }));
const call = (name: string, input?: unknown, event: unknown = trusted) =>
  ipc.handlers.get(`studio:${name}`)!(event, input);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'electron-ipc-'));
  imageFolder = join(dir, 'art');
  await mkdir(imageFolder);
  await writeFile(
    join(imageFolder, 'one.png'),
    await renderTestImage({ format: 'png', width: 96, height: 64, seed: 3 }),
  );
  channel = new MessageChannel();
  const tokens = memoryTokenStore();
  const services: MainMethods = {
    readToken: () => tokens.read(),
    writeToken: ({ token }) => tokens.write(token),
    pickFolder: async () => null,
    openExternal: async () => {},
  };
  core = connectPeer<CoreMethods, MainMethods>(nodePort(channel.port1), { serve: services });
  const served = serveCore(
    nodePort(channel.port2),
    { dataDir: join(dir, 'data'), platformUrl: 'http://127.0.0.1:9', rendererDir: join(dir, 'renderer') },
    {
      watchFolders: false,
      inspectWorkers: 1,
      thumbnailWorkers: 1,
      fetch: async () => new Response(null, { status: 503 }),
    },
  );
  studio = await served.studio;
  closeCore = served.close;
  await core.call('ready', null);
  registerStudioIpc(ipc, {
    isTrusted: (event) => isTrustedSender(event, window as never),
    operation,
  });
});

afterAll(async () => {
  await closeCore?.();
  channel?.port1.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the IPC table', () => {
  it('registers every operation on its own channel, and nothing else', () => {
    expect([...ipc.handlers.keys()]).toEqual(STUDIO_OPERATIONS.map((name) => channelOf(name)));
    expect(ipc.handle).toHaveBeenCalledTimes(STUDIO_OPERATIONS.length);
    expect(new Set(ipc.handlers.keys()).size).toBe(STUDIO_OPERATIONS.length);
  });

  it('answers the trusted page through the real core', async () => {
    expect(await call('listFolders')).toEqual({ ok: true, value: [] });
    const added = await call('addFolder', { path: imageFolder });
    expect(added).toMatchObject({ ok: true, value: { added: 1 } });
    expect(await call('countImages', {})).toEqual({ ok: true, value: 1 });
  });

  for (const [who, event] of Object.entries(untrusted)) {
    it(`refuses ${who} with FORBIDDEN and never reaches the core`, async () => {
      operation.mockClear();
      const before = await studio.catalog.folders();
      for (const name of ['listFolders', 'addFolder', 'removeFolder', 'signOut'])
        expect(await call(name, { path: imageFolder }, event)).toMatchObject({
          ok: false,
          error: { code: 'FORBIDDEN' },
        });
      expect(operation).not.toHaveBeenCalled();
      expect(await studio.catalog.folders()).toEqual(before);
    });
  }

  it('passes malformed input through unchanged, and the core refuses it with VALIDATION_FAILED, changing nothing', async () => {
    const [image] = (await studio.catalog.query({ limit: 1 })).images;
    expect(image).toBeDefined();
    const folders = await studio.catalog.folders();
    const malformed: [string, unknown][] = [
      ['addFolder', { path: 'relative/folder' }],
      ['addFolder', { path: imageFolder, extra: true }],
      ['setRating', { ids: ['x'], rating: 9 }],
      ['setRating', { ids: [image!.id], rating: 9 }],
      ['setRating', { ids: [image!.id], rating: 3, extra: 1 }],
      ['setPick', { ids: [image!.id], pick: 'maybe' }],
      ['listFolders', { unexpected: 1 }],
    ];
    for (const [name, input] of malformed) {
      operation.mockClear();
      const answer = await call(name, input);
      expect(answer, `${name} ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
      expect(operation).toHaveBeenCalledWith(name, input); // forwarded as is: the core is the validator
    }
    expect(await studio.catalog.folders()).toEqual(folders);
    const [after] = await studio.catalog.get([image!.id]);
    expect(after).toEqual(image);
  });

  it('takes only the first argument as input', async () => {
    operation.mockClear();
    await ipc.handlers.get(channelOf('listFolders'))!(trusted, undefined, { path: '/etc' }, 'more');
    expect(operation).toHaveBeenCalledWith('listFolders', undefined);
  });
});
