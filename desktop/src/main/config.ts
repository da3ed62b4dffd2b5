// Where the studio's settings come from: the platform's address (the environment, else the development
// server's) and the files a build ships, found from the app's own folder, not from the working directory.
import { join } from 'node:path';

/** The development server's address (README: `npm start` prints http://127.0.0.1:3000). */
export const DEFAULT_PLATFORM_URL = 'http://127.0.0.1:3000';

/** The platform's origin from STYLE_LICENSE_PLATFORM_URL, refusing anything but an http(s) origin. */
export function platformUrlFrom(env: Record<string, string | undefined>): string {
  const value = env.STYLE_LICENSE_PLATFORM_URL?.trim() || DEFAULT_PLATFORM_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`STYLE_LICENSE_PLATFORM_URL is not a URL: ${value}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
    throw new Error(`STYLE_LICENSE_PLATFORM_URL must be an http(s) address without credentials: ${value}`);
  return url.origin;
}

/** The built files, relative to the app folder (desktop/ in development, app.asar when packaged). */
export function appPaths(appPath: string) {
  return {
    preload: join(appPath, 'dist', 'preload', 'index.cjs'),
    coreProcess: join(appPath, 'dist', 'main', 'core-process.cjs'),
    renderer: join(appPath, 'dist', 'renderer'),
  };
}
