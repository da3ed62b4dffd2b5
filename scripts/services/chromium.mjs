/**
 * Gives the browser journeys (web/test/e2e) a Chromium: the one at CHROMIUM_PATH or /usr/bin/chromium,
 * installing Debian's `chromium` package first when it is missing and this script runs as root — the
 * same way, and with the same apt lock and package-list care, as RabbitMQ is installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { APT_LOCK_TIMEOUT_S, aptInstall } from './apt.mjs';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * @param {{
 *   log?: (message: string) => void,
 *   env?: Record<string, string | undefined>,
 *   isRoot?: boolean,
 *   exists?: (path: string) => boolean,
 *   run?: import('./apt.mjs').Run,
 *   sleep?: (ms: number) => Promise<void>,
 * }} [options] the last four are for tests
 * @returns {Promise<string>} the path of the Chromium executable
 */
export async function ensureChromium({
  log = () => {},
  env = process.env,
  isRoot = process.getuid?.() === 0,
  exists = existsSync,
  run = aptRun,
  sleep,
} = {}) {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    // A path someone set on purpose is never silently replaced by another browser.
    if (exists(chosen)) return chosen;
    throw new Error(`CHROMIUM_PATH (${chosen}) does not exist`);
  }
  if (exists(DEBIAN_CHROMIUM)) {
    await ensureHangulFont({ log, isRoot, exists, run, sleep });
    return DEBIAN_CHROMIUM;
  }
  if (!isRoot) {
    throw new Error(
      'chromium is not installed; install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome',
    );
  }
  log('Chromium: installing chromium with apt-get (about a minute)…');
  await aptInstall('chromium', { run, log, ...(sleep ? { sleep } : {}) });
  if (!exists(DEBIAN_CHROMIUM))
    throw new Error(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is missing`);
  await ensureHangulFont({ log, isRoot, exists, run, sleep });
  return DEBIAN_CHROMIUM;
}

export const HANGUL_FONT_DIR = '/usr/share/fonts/truetype/nanum';

/**
 * Korean pages need a Hangul font, or the journeys' screenshots show empty boxes where the text is (the
 * assertions read the DOM and pass either way). Best effort: a failure is logged, never fatal.
 */
async function ensureHangulFont({ log, isRoot, exists, run, sleep }) {
  if (exists(HANGUL_FONT_DIR) || !isRoot) return;
  log('Chromium: installing fonts-nanum for Korean pages…');
  await aptInstall('fonts-nanum', { run, log, ...(sleep ? { sleep } : {}) }).catch((error) =>
    log(`Chromium: no Korean font (${error.message}); Korean screenshots will show boxes`),
  );
}

/** Room for apt's own lock wait (APT_LOCK_TIMEOUT_S) on top of the download and install. */
function aptRun(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        env: { ...process.env, ...env },
        timeout: (APT_LOCK_TIMEOUT_S + 600) * 1000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`.trim()));
        else resolve(stdout);
      },
    );
  });
}
