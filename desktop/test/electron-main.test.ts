// Main's entry with a fake Electron whose utility process runs the real core in this process: the scheme
// is privileged before ready, the app origin is served with the CSP, IPC reaches the core only from our
// window, core events reach the window, and quitting waits for the studio to close.
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, STUDIO_EVENT_CHANNEL, STUDIO_OPERATIONS } from '../src/bridge/studio-api';
import { CONTENT_SECURITY_POLICY } from '../src/core/host';
import { serveCore } from '../src/main/core-service';
import { electronPort } from '../src/main/port-protocol';

const fake = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { MessageChannel } = await import('node:worker_threads');
  /** A worker_threads port in MessagePortMain's shape (listeners get `{ data }`). */
  const electronShaped = (port: InstanceType<typeof MessageChannel>['port1']) => ({
    postMessage: (message: unknown) => port.postMessage(message),
    on(event: string, listener: (value: unknown) => void) {
      port.on(event, event === 'message' ? (data: unknown) => listener({ data, ports: [] }) : listener);
      return this;
    },
    start() {},
    close: () => port.close(),
  });
  let markReady!: () => void;
  const state = {
    appPath: '',
    userData: '',
    children: [] as (InstanceType<typeof Emitter> & { entry: string; killed: boolean; served?: unknown })[],
    windows: [] as InstanceType<typeof Emitter>[],
    onFork: (_child: unknown, _message: unknown, _port: unknown) => {},
    ready: new Promise<void>((resolve) => (markReady = resolve)),
    markReady: () => markReady(),
  };
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => state.ready),
    getLocale: () => 'en-US',
    getAppPath: () => state.appPath,
    getPath: (name: string) => (name === 'userData' ? state.userData : '/nowhere'),
    quit: vi.fn(),
  });
  const mainFrame = { url: 'studio://app/', parent: null, processId: 1, routingId: 1 };
  class BrowserWindow extends Emitter {
    readonly webContents = Object.assign(new Emitter(), {
      mainFrame,
      send: vi.fn(),
      getURL: () => mainFrame.url,
    });
    constructor(readonly options: unknown) {
      super();
      state.windows.push(this);
    }
    isDestroyed = () => false;
    show() {}
    async loadURL() {}
  }
  return {
    state,
    mainFrame,
    electron: {
      app,
      BrowserWindow,
      protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
      ipcMain: { handle: vi.fn() },
      dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn() },
      Menu: { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() },
      safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() },
      session: {
        defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() },
      },
      shell: { openExternal: vi.fn() },
      MessageChannelMain: class {
        readonly port1;
        readonly port2;
        constructor() {
          const channel = new MessageChannel();
          this.port1 = electronShaped(channel.port1);
          this.port2 = electronShaped(channel.port2);
        }
      },
      utilityProcess: {
        fork: vi.fn((entry: string) => {
          const child = Object.assign(new Emitter(), {
            entry,
            killed: false,
            postMessage: (message: unknown, ports: unknown[]) => state.onFork(child, message, ports[0]),
            kill() {
              child.killed = true;
              setTimeout(() => child.emit('exit', 0), 0);
              return true;
            },
          });
          state.children.push(child);
          return child;
        }),
      },
    },
  };
});
vi.mock('electron', () => fake.electron);
vi.mock('electron-updater', () => ({ autoUpdater: new EventEmitter() }));

const { electron, state } = fake;
let dir: string;
const closed = vi.fn();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'electron-main-'));
  state.appPath = join(dir, 'app');
  state.userData = join(dir, 'user-data');
  await mkdir(join(state.appPath, 'dist', 'renderer'), { recursive: true });
  await writeFile(
    join(state.appPath, 'dist', 'renderer', 'index.html'),
    '<!doctype html><title>studio</title>',
  );
  // The utility process, played in this process by the real core over the port main hands it.
  state.onFork = (_child, message, port) => {
    const served = serveCore(electronPort(port as never), (message as { config: never }).config, {
      watchFolders: false,
      inspectWorkers: 1,
      thumbnailWorkers: 1,
      fetch: async () => new Response(null, { status: 503 }),
    });
    void served.studio.then((studio) => {
      const original = studio.close.bind(studio);
      studio.close = async () => (closed(), original());
    });
  };
  await import('../src/main/index');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('main', () => {
  it('takes the single-instance lock and privileges the studio scheme before ready', () => {
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'studio', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
    ]);
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();
  });

  it('on ready, runs the core in a utility process and registers the protocol, IPC, window and menu', async () => {
    state.markReady();
    await vi.waitFor(() => expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce());
    expect(state.children).toHaveLength(1);
    expect(state.children[0]!.entry).toBe(join(state.appPath, 'dist', 'main', 'core-process.cjs'));
    expect(electron.protocol.handle).toHaveBeenCalledWith('studio', expect.any(Function));
    expect(electron.ipcMain.handle.mock.calls.map(([channel]) => channel)).toEqual(
      STUDIO_OPERATIONS.map(channelOf),
    );
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]).toMatchObject({
      options: {
        webPreferences: { preload: join(state.appPath, 'dist', 'preload', 'index.cjs'), sandbox: true },
      },
    });
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('serves the app origin from the core, with the CSP header, and nothing on another host', async () => {
    const handler = electron.protocol.handle.mock.calls[0]![1] as (request: Request) => Promise<Response>;
    const page = await handler(new Request('studio://app/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe('<!doctype html><title>studio</title>');
    expect((await handler(new Request('studio://other/'))).status).toBe(404);
  });

  it('answers IPC from the window through the core and sends core events to the window', async () => {
    const window = state.windows[0] as unknown as { webContents: { send: ReturnType<typeof vi.fn> } };
    const handlers = new Map(
      electron.ipcMain.handle.mock.calls as [string, (...args: unknown[]) => Promise<unknown>][],
    );
    const event = { sender: window.webContents, senderFrame: fake.mainFrame };
    expect(await handlers.get('studio:listFolders')!(event, undefined)).toEqual({ ok: true, value: [] });
    expect(await handlers.get('studio:listFolders')!({ ...event, sender: {} }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await handlers.get('studio:signOut')!(event, undefined)).toMatchObject({ ok: true });
    expect(window.webContents.send).toHaveBeenCalledWith(STUDIO_EVENT_CHANNEL, {
      kind: 'session',
      signedIn: false,
    });
  });

  it('holds the quit until the core has closed the studio, then quits', async () => {
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    electron.app.emit('will-quit', event);
    expect(prevented).toBe(1);
    expect(electron.app.quit).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledOnce());
    expect(closed).toHaveBeenCalled();
    expect(state.children[0]!.killed).toBe(true);
    electron.app.emit('will-quit', event); // the second quit goes through
    expect(prevented).toBe(1);
  });
});
