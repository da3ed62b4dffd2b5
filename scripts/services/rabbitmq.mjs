/**
 * Gives tests and local runs a RabbitMQ: the one in AMQP_URL when it answers, otherwise a throwaway node
 * (own name, ports, data and cookie under a temp dir) that `stop()` shuts down and deletes without a trace.
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { APT_LOCK_TIMEOUT_S, aptInstall } from './apt.mjs';
import { guardAgainstOrphans } from './lifecycle.mjs';
import { freePort, sleep, urlReachable } from './net.mjs';

const SERVER_BIN = '/usr/sbin/rabbitmq-server';
// The Debian wrappers in /usr/sbin re-run themselves as the `rabbitmq` user when started by root, which
// would drop our environment and make the temp dir unwritable; the scripts they wrap run as anyone.
const LIB_BIN = '/usr/lib/rabbitmq/bin';
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * @param {{ log?: (message: string) => void, own?: boolean }} [options]
 *   own: always start a throwaway node, even when AMQP_URL answers: for suites that restart the broker,
 *   which must never happen to one that others share.
 */
export async function startRabbitMQ({ log = () => {}, own = false } = {}) {
  const existing = own ? undefined : process.env.AMQP_URL;
  if (existing && (await urlReachable(existing))) {
    log(`RabbitMQ: using AMQP_URL (${redact(existing)})`);
    return { url: existing, stop: async () => {} };
  }
  if (existing) log(`RabbitMQ: AMQP_URL (${redact(existing)}) does not answer; starting a throwaway node`);
  await ensureInstalled(log);
  return startThrowawayNode(log);
}

async function ensureInstalled(log) {
  if (existsSync(SERVER_BIN)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'rabbitmq-server is not installed; install it (apt-get install rabbitmq-server) or set AMQP_URL',
    );
  }
  log('RabbitMQ: installing rabbitmq-server with apt-get (about 20 s)…');
  // Room for apt's own lock wait (APT_LOCK_TIMEOUT_S) on top of the download and install.
  const aptRun = (command, args, env) => run(command, args, env, (APT_LOCK_TIMEOUT_S + 600) * 1000);
  await aptInstall('rabbitmq-server', { run: aptRun, log });
  // apt may have started the distribution's default broker on 5672; we never use it, so stop it to free
  // memory and the port. Best effort: without an init system there may be nothing to stop.
  await run('service', ['rabbitmq-server', 'stop']).catch(() => {});
}

async function startThrowawayNode(log) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sltest-rabbitmq-'));
  const [port, distPort] = [await freePort(), await freePort()];
  const node = `sltest-${process.pid}-${randomBytes(3).toString('hex')}@localhost`;
  const env = await prepareNodeDir(dir, node, port, distPort);
  log(`RabbitMQ: starting throwaway node ${node} on port ${port}`);

  // Replaced by restart(); the guard and stop() always act on the node running now.
  let child;
  const launch = async () => {
    child = spawn(`${LIB_BIN}/rabbitmq-server`, [], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = captureTail(child);
    try {
      await waitForAmqp(port, child);
    } catch (error) {
      const logTail = await readFile(path.join(dir, 'log', `${node}.log`), 'utf8').catch(() => '');
      const lines = `${output()}\n${logTail}`.trim().split('\n').slice(-30).join('\n');
      throw new Error(`${error.message}\n--- last RabbitMQ output ---\n${lines}`);
    }
  };
  const killGroup = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  // If this process exits or is interrupted without calling stop(), the broker must not outlive it.
  const unguard = guardAgainstOrphans(() => {
    killGroup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A clean shutdown (queues and messages written to disk), keeping the node's directory. */
  const shutdown = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await run(`${LIB_BIN}/rabbitmqctl`, ['-n', node, 'stop'], env, STOP_TIMEOUT_MS).catch(() => {});
      if (!(await exited(child, STOP_TIMEOUT_MS))) killGroup();
      await exited(child, 5_000);
    }
    killGroup(); // Helpers such as erl_child_setup share the group; make sure none lingers.
  };

  const stop = async () => {
    unguard();
    await shutdown();
    await rm(dir, { recursive: true, force: true });
  };

  /**
   * Stops the node and starts it again with the same name, ports, cookie and data, so durable queues
   * and persistent messages survive; resolves once AMQP answers again. When it does not come back, the
   * error carries its last output, and stop() still takes down whatever is left.
   * @param {{ downMs?: number }} [options]
   */
  const restart = async ({ downMs = 0 } = {}) => {
    await shutdown();
    if (downMs > 0) await sleep(downMs);
    log(`RabbitMQ: restarting node ${node}`);
    await launch();
  };

  try {
    await launch();
  } catch (error) {
    await stop();
    throw error;
  }
  log(`RabbitMQ: node ${node} ready`);
  return { url: `amqp://guest:guest@127.0.0.1:${port}`, stop, restart, node, env };
}

/** Everything the node reads or writes lives under `dir`, including the Erlang cookie (via HOME). */
async function prepareNodeDir(dir, node, port, distPort) {
  for (const sub of ['mnesia', 'log', 'home']) await mkdir(path.join(dir, sub));
  const home = path.join(dir, 'home');
  await writeFile(path.join(home, '.erlang.cookie'), randomBytes(20).toString('hex'), { mode: 0o400 });
  await writeFile(path.join(dir, 'rabbitmq.conf'), 'loopback_users = none\n');
  // No plugins: management would also bind 15672, colliding with any other broker on the machine.
  await writeFile(path.join(dir, 'enabled_plugins'), '[].\n');
  await writeFile(path.join(dir, 'rabbitmq-env.conf'), '');
  return {
    ...process.env,
    HOME: home,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
  };
}

/** Ready means the broker answers the AMQP protocol header with connection.start, not just a TCP accept. */
async function waitForAmqp(port, child) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`rabbitmq-server exited early (code ${child.exitCode ?? child.signalCode})`);
    }
    if (await amqpAnswers('127.0.0.1', port)) return;
    await sleep(300);
  }
  throw new Error(`RabbitMQ did not start within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

function amqpAnswers(host, port, timeoutMs = 2_000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1])));
    socket.once('data', (data) => done(data[0] === 1)); // Frame type 1: a method frame (connection.start).
  });
}

function captureTail(child, maxChars = 20_000) {
  let text = '';
  const append = (chunk) => {
    text = (text + chunk.toString()).slice(-maxChars);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  return () => text;
}

function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function run(command, args, env = process.env, timeout = 300_000) {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, timeout, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr}`.trim()));
        else resolve(stdout);
      },
    );
  });
}

const redact = (url) => url.replace(/\/\/[^@/]*@/, '//***@');
