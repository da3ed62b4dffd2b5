// What the core process asks of main, because only main has it: the token kept with safeStorage, the
// checked system browser, and the native folder dialog. Electron's modules are passed in, for the tests.
import type { BrowserWindow, Dialog, SafeStorage, Shell } from 'electron';
import { AppError } from '@style-license/shared';
import { encryptedTokenStore } from '../core/session';
import type { MainMethods } from './core-api';
import { openExternalChecked } from './external-links';

export interface MainServicesOptions {
  /** The encrypted token file (in the data folder; never readable without the OS keychain). */
  tokenFile: string;
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;
  shell: Pick<Shell, 'openExternal'>;
  dialog: Pick<Dialog, 'showOpenDialog'>;
  platformUrl: string;
  window(): BrowserWindow | null;
}

export function createMainServices(options: MainServicesOptions): MainMethods {
  const tokens = encryptedTokenStore(options.tokenFile, options.safeStorage);
  return {
    readToken: () => tokens.read(),
    writeToken: ({ token }) => tokens.write(token),
    async openExternal({ url }) {
      if (!(await openExternalChecked(options.shell, url, options.platformUrl)))
        throw new AppError('FORBIDDEN', 'Only the platform’s own pages open from the studio');
    },
    async pickFolder() {
      const window = options.window();
      const settings = { properties: ['openDirectory' as const] };
      const answer = window
        ? await options.dialog.showOpenDialog(window, settings)
        : await options.dialog.showOpenDialog(settings);
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
  };
}
