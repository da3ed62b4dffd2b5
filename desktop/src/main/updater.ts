// Updates, never silent: electron-updater checks the publish feed, the artist is asked before the
// download and again before the restart that installs it. Only a packaged app checks.
import type { BrowserWindow, Dialog } from 'electron';
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import type { Strings } from './strings';

export interface UpdaterOptions {
  updater: Pick<
    AppUpdater,
    'autoDownload' | 'autoInstallOnAppQuit' | 'on' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'
  >;
  dialog: Pick<Dialog, 'showMessageBox'>;
  strings: Strings;
  isPackaged: boolean;
  window(): BrowserWindow | null;
  log?: (message: string, error?: unknown) => void;
}

/** Asks a yes/no question, modal to the window when there is one; true for the first button. */
async function ask(options: UpdaterOptions, message: string, yes: string): Promise<boolean> {
  const box = {
    type: 'question' as const,
    title: options.strings.updateTitle,
    message,
    buttons: [yes, options.strings.later],
    defaultId: 0,
    cancelId: 1,
  };
  const window = options.window();
  const { response } = window
    ? await options.dialog.showMessageBox(window, box)
    : await options.dialog.showMessageBox(box);
  return response === 0;
}

/** Wires the prompts and starts one check; returns false when skipped (not packaged). */
export function startUpdater(options: UpdaterOptions): boolean {
  if (!options.isPackaged) return false; // a development run has no feed and must not replace itself
  const { updater, strings } = options;
  const log = options.log ?? console.error;
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.on('update-available', (info: UpdateInfo) => {
    void ask(options, strings.updateAvailable(info.version), strings.download)
      .then((yes) => (yes ? updater.downloadUpdate() : undefined))
      .catch((error: unknown) => log('update download failed', error));
  });
  updater.on('update-downloaded', (info: UpdateInfo) => {
    void ask(options, strings.updateReady(info.version), strings.restart)
      .then((yes) => (yes ? updater.quitAndInstall() : undefined))
      .catch((error: unknown) => log('update install failed', error));
  });
  updater.on('error', (error: Error) => log('update check failed', error));
  void updater.checkForUpdates().catch((error: unknown) => log('update check failed', error));
  return true;
}
