/**
 * `npm run studio:browser -w desktop`: the studio in any browser, without Electron — the core on a data
 * folder, served by the test host. For development where Electron's binary is missing (as here); the
 * system browser for sign-in is whatever opens the printed link.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryTokenStore } from '../core/session';
import { openStudio } from '../core/studio';
import { startTestHost } from './server';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = resolve(process.env.STUDIO_DATA_DIR ?? join(root, '.data', 'studio'));
const platformUrl = process.env.STYLE_LICENSE_PLATFORM_URL ?? 'http://127.0.0.1:3000';

const studio = await openStudio({
  dataDir,
  platformUrl,
  tokenStore: memoryTokenStore(),
  // A browser page cannot show a folder dialog: the folder comes from the environment.
  pickFolder: async () => (process.env.STUDIO_FOLDER ? resolve(process.env.STUDIO_FOLDER) : null),
  openExternal: async (url) => console.log(`Open this link to sign in: ${url}`),
  deviceName: 'Style License Studio (browser)',
});
const host = await startTestHost({
  studio,
  rendererDir: join(root, 'desktop', 'dist', 'renderer'),
  port: Number(process.env.STUDIO_PORT ?? 0),
  onUnexpected: (error, operation) => console.error(`${operation} failed`, error),
});
console.log(`Studio at ${host.url} (data in ${dataDir}, platform ${platformUrl})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(
    signal,
    () =>
      void host
        .close()
        .then(() => studio.close())
        .then(() => process.exit(0)),
  );
