// Starts a throwaway PostgreSQL from the installed binaries (temp data dir, trust auth, free port),
// or uses the server at TEST_DATABASE_URL when one answers there. stop() removes what it started.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep, urlReachable } from './net.mjs';

const START_TIMEOUT_MS = 30_000;

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

/**
 * The port opens before the server takes sessions (during startup and crash recovery it answers
 * 57P03 "starting up"); pg_isready tells the two apart (exit 0 only when it accepts sessions).
 */
function acceptsSessions(bin, port) {
  const args = ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-t', '2'];
  return new Promise((resolve, reject) =>
    execFile(join(bin, 'pg_isready'), args, (error) =>
      // A missing client would otherwise read as "not ready yet" until the start times out.
      error?.code === 'ENOENT'
        ? reject(new Error(`${error.path} not found (apt-get install postgresql-client)`))
        : resolve(!error),
    ),
  );
}

const running = (child) => child.exitCode === null && child.signalCode === null;

/**
 * Shutdown modes for pause()/restart(). 'fast' is a clean stop (checkpoint, then exit). 'immediate'
 * quits without a checkpoint, so the next start replays the WAL: crash recovery, which is what a fault
 * suite wants to exercise. There is no SIGKILL mode on purpose: a killed postmaster leaves its backends
 * running as orphans, holding the shared memory block (and for a moment the port), and the next start
 * refuses with "pre-existing shared memory block is still in use". SIGQUIT makes the postmaster take its
 * backends down first, which is as close to a crash as the test machine can survive.
 */
const SHUTDOWN_SIGNALS = { fast: 'SIGINT', immediate: 'SIGQUIT' };

/**
 * @param {{ log?: (message: string) => void, durable?: boolean, own?: boolean }} [options]
 *   own: always start a throwaway server, even when TEST_DATABASE_URL answers: for suites that stop or
 *   crash it, which must never happen to the server every other suite shares.
 */
export async function startPostgres({ log = console.log, durable = false, own = false } = {}) {
  const configured = process.env.TEST_DATABASE_URL;
  if (!own && configured && (await urlReachable(configured))) {
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
  // fsync and full page writes only guard against the machine going down, so an own server, which a
  // fault suite may stop in 'immediate' mode, keeps them off; but it keeps synchronous commits: with
  // them off, a commit already acknowledged to the product could vanish in crash recovery, and the
  // suite would blame the product for losing it.
  const fast = durable
    ? []
    : ['-c', 'fsync=off', '-c', 'full_page_writes=off', ...(own ? [] : ['-c', 'synchronous_commit=off'])];
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
    const deadline = Date.now() + START_TIMEOUT_MS;
    try {
      while (!(await acceptsSessions(bin, port))) {
        if (!running(child)) throw new Error(`postgres exited at start:\n${stderr}`);
        if (Date.now() > deadline)
          throw new Error(`postgres did not take sessions within ${START_TIMEOUT_MS / 1000} s:\n${stderr}`);
        await sleep(100);
      }
    } catch (error) {
      if (running(child)) child.kill('SIGQUIT');
      throw error;
    }
    return child;
  };
  let child = await launch();
  /** @param {{ mode?: 'fast' | 'immediate' }} [options] */
  const pause = async ({ mode = 'fast' } = {}) => {
    const signal = SHUTDOWN_SIGNALS[mode];
    if (!signal) throw new Error(`unknown postgres shutdown mode: ${mode}`);
    if (!running(child)) return;
    const exit = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exit;
  };
  const resume = async () => {
    if (running(child)) return;
    child = await launch();
  };
  log(`postgres: started throwaway server on port ${port}`);
  return {
    url,
    /**
     * Stops the server, keeping its data (a started one only; an external server has no pause). Clients
     * are disconnected in either mode; 'immediate' leaves crash recovery to the next start.
     */
    pause,
    /** Starts it again on the same port with the same data; resolves once it takes sessions. */
    resume,
    /** pause({ mode }), `downMs` of outage, resume(). */
    restart: async ({ mode = 'fast', downMs = 0 } = {}) => {
      await pause({ mode });
      if (downMs > 0) await sleep(downMs);
      await resume();
    },
    stop: async () => {
      await pause();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
