// Starts a throwaway PostgreSQL from the installed binaries (temp data dir, trust auth, free port),
// or uses the server at TEST_DATABASE_URL when one answers there. stop() removes what it started.
import { spawn, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep, urlReachable } from './net.mjs';

function findBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base))
    throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no initdb found under /usr/lib/postgresql/*/bin');
  return join(base, versions[0], 'bin');
}

/** initdb and postgres refuse to run as root, so as root they run as the 'postgres' system user. */
function serviceUser() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgres({ log = console.log, durable = false } = {}) {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured && (await urlReachable(configured))) {
    log(`postgres: using ${new URL(configured).host}`);
    return { url: configured, stop: async () => {} };
  }
  const bin = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'sl-pg-'));
  const user = serviceUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const initArgs = [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ];
  execFileSync(join(bin, 'initdb'), initArgs, { stdio: 'pipe', cwd: dir, ...user });
  const port = await freePort();
  // Tests want speed, not crash durability; benchmarks pass durable=true to measure real commits.
  const fast = durable
    ? []
    : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', ...fast];
  const args = ['-D', data, '-p', String(port), '-k', dir, ...settings];
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // Started again by resume() on the same port and data: outage tests stop PostgreSQL and bring it back.
  const launch = async () => {
    const child = spawn(join(bin, 'postgres'), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: dir,
      ...user,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    for (let i = 0; i < 100 && !(await urlReachable(url)); i++) {
      if (child.exitCode !== null) throw new Error(`postgres exited at start:\n${stderr}`);
      await sleep(100);
    }
    if (!(await urlReachable(url))) throw new Error(`postgres did not start within 10 s:\n${stderr}`);
    return child;
  };
  let child = await launch();
  const pause = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGINT'); // fast shutdown: disconnect clients, no waiting
    await new Promise((r) => child.once('exit', r));
  };
  log(`postgres: started throwaway server on port ${port}`);
  return {
    url,
    /** Stops the server, keeping its data (a started one only; an external server has no pause). */
    pause,
    resume: async () => {
      if (child.exitCode === null) return;
      child = await launch();
    },
    stop: async () => {
      await pause();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
