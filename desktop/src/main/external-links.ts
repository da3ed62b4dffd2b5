// The one way the studio opens a URL outside itself: the platform's own pages in the system browser.
// Anything else (javascript:, file:, another site, credentials in the URL) is refused before the shell.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The URL if the system browser may open it: the platform's origin over https, or over http only when
 * the platform itself is http on a loopback host (the development server). Otherwise null.
 */
export function checkExternalUrl(url: string, platformUrl: string): URL | null {
  let target: URL;
  let platform: URL;
  try {
    target = new URL(url);
    platform = new URL(platformUrl);
  } catch {
    return null;
  }
  if (target.username !== '' || target.password !== '') return null;
  if (target.protocol === 'https:') return target.origin === platform.origin ? target : null;
  const development = platform.protocol === 'http:' && LOOPBACK.has(platform.hostname);
  if (target.protocol === 'http:' && development) return target.origin === platform.origin ? target : null;
  return null;
}

export interface Shell {
  openExternal(url: string): Promise<void>;
}

/** Opens `url` only if `checkExternalUrl` passes; says whether it did. */
export async function openExternalChecked(shell: Shell, url: string, platformUrl: string): Promise<boolean> {
  const target = checkExternalUrl(url, platformUrl);
  if (!target) return false;
  await shell.openExternal(target.href);
  return true;
}
