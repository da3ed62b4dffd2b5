// Setup steps shared by `npm start` and `npm test` on a fresh clone, using Node built-ins only
// (they run before any dependency is installed): install packages, build the web client and the studio's
// renderer.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/**
 * `$XDG_CACHE_HOME/style-license` (XDG default: ~/.cache): where the tools the scripts build or fetch
 * once per machine live (versitygw, actionlint, the Python venv, another Node), outside the repository
 * so that clones share them.
 */
export function toolCache(env = process.env) {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'style-license');
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureInstalled(log = console.log) {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('setup: installing dependencies (npm ci)…');
  // Electron's binary cannot be downloaded here and the studio is tested without it.
  run('npm', ['ci', '--no-audit', '--no-fund'], {
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
}

/** Builds web/dist when it is missing or older than the web sources or the shared package. */
export function ensureWebBuilt(log = console.log) {
  const built = join(ROOT, 'web', 'dist', 'index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'shared/src'].map((p) => join(ROOT, p));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  log('setup: building the web client…');
  run('npm', ['run', 'build', '-w', 'web', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Builds desktop/dist/renderer (the studio's renderer, which its browser journeys load) when stale. */
export function ensureStudioRendererBuilt(log = console.log) {
  const built = join(ROOT, 'desktop', 'dist', 'renderer', 'index.html');
  const sources = [
    'desktop/src/renderer',
    'desktop/src/bridge',
    'desktop/vite.config.ts',
    'web/src',
    'shared/src',
  ];
  const newest = Math.max(
    ...sources
      .map((p) => join(ROOT, p))
      .filter(existsSync)
      .map(newestMtime),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  log("setup: building the studio's renderer…");
  run('npm', ['run', 'build:renderer', '-w', 'desktop', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
