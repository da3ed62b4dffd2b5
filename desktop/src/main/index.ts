// Electron's main process: one instance, the studio:// origin, the core in a utility process, the IPC
// table, the window, menu and updater, and a shutdown that waits for the catalog to close.
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import { autoUpdater } from 'electron-updater';
import { AppError } from '@style-license/shared';
import { STUDIO_EVENT_CHANNEL, type StudioOperation, type StudioResult } from '../bridge/studio-api';
import { createAppProtocolHandler } from './app-protocol';
import { appPaths, platformUrlFrom } from './config';
import { STUDIO_EVENT } from './core-api';
import { startCoreHost, type CoreHost } from './core-host';
import { registerStudioIpc } from './ipc';
import { menuTemplate } from './menu';
import {
  APP_SCHEME,
  installNavigationGuards,
  installPermissionPolicy,
  isAppUrl,
  isTrustedSender,
  openExternalChecked,
} from './security';
import { createMainServices } from './services';
import { stringsFor } from './strings';
import { startUpdater } from './updater';
import { createStudioWindow } from './window';

// Before ready, or the scheme is not standard (no origin, no fetch, no streams) when the page loads.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let window: BrowserWindow | null = null;
let core: CoreHost | null = null;
let platformUrl = '';
let shutdown: 'running' | 'closing' | 'closed' = 'running';

const log = (message: string, error?: unknown) => console.error(`studio main: ${message}`, error ?? '');
const openLink = (url: string) =>
  void openExternalChecked(shell, url, platformUrl).catch((error: unknown) =>
    log('could not open a link', error),
  );

/** The core's answer, or an envelope saying it is not there (it crashed or is shutting down). */
async function operation(name: StudioOperation, input: unknown): Promise<StudioResult<unknown>> {
  if (!core) return { ok: false, error: { code: 'UNAVAILABLE', message: 'The studio is not open' } };
  return core.peer.call('operation', { name, input }).catch((error: unknown) => ({
    ok: false,
    error: { code: error instanceof AppError ? error.code : 'UNAVAILABLE', message: String(error) },
  }));
}

function openWindow(preload: string) {
  window = createStudioWindow({ preload, openLink });
  window.on('closed', () => (window = null));
}

async function start() {
  platformUrl = platformUrlFrom(process.env);
  const strings = stringsFor(app.getLocale());
  const paths = appPaths(app.getAppPath());
  const dataDir = app.getPath('userData');
  installPermissionPolicy(session.defaultSession);

  const services = createMainServices({
    tokenFile: join(dataDir, 'session.token'),
    safeStorage,
    shell,
    dialog,
    platformUrl,
    window: () => window,
  });
  const host = startCoreHost({
    entry: paths.coreProcess,
    config: { dataDir, platformUrl, rendererDir: paths.renderer, deviceName: hostname() },
    services,
    onEvent(name, payload) {
      // Events go only to our window, and only while it shows the app (never to a page it navigated to).
      if (name !== STUDIO_EVENT || !window || window.isDestroyed()) return;
      if (isAppUrl(window.webContents.getURL())) window.webContents.send(STUDIO_EVENT_CHANNEL, payload);
    },
    onUnexpectedExit(code) {
      core = null;
      log(`the core process exited (${code})`);
      dialog.showErrorBox(strings.coreStopped, strings.coreStoppedDetail);
      app.quit();
    },
  });
  core = host;
  protocol.handle(APP_SCHEME, createAppProtocolHandler(host.peer));
  registerStudioIpc(ipcMain, { isTrusted: (event) => isTrustedSender(event, window), operation });
  openWindow(paths.preload);

  const addFolder = async () => {
    const path = await services.pickFolder(null);
    if (path) await operation('addFolder', { path });
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        strings,
        isMac: process.platform === 'darwin',
        development: !app.isPackaged,
        addFolder: () => void addFolder().catch((error: unknown) => log('add folder failed', error)),
        openWebsite: () => openLink(platformUrl),
      }),
    ),
  );
  app.on('activate', () => {
    if (!window) openWindow(paths.preload); // macOS: the dock icon reopens the window
  });

  // A catalog that cannot open (disk full, another copy holding it) is said plainly, then the app ends.
  await host.peer.call('ready', null);
  startUpdater({
    updater: autoUpdater,
    dialog,
    strings,
    isPackaged: app.isPackaged,
    window: () => window,
    log,
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit(); // another studio owns this catalog; it is focused through 'second-instance' there
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => installNavigationGuards(contents, openLink));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // The catalog (PGlite) must close cleanly: hold the quit until the core has closed it, then quit again.
  app.on('will-quit', (event) => {
    if (shutdown === 'closed' || !core) return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    void core.stop().finally(() => {
      shutdown = 'closed';
      app.quit();
    });
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log('could not start', error);
      dialog.showErrorBox(stringsFor(app.getLocale()).cannotStart, String(error));
      app.quit();
    });
}
