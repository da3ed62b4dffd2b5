/**
 * The whole product as a browser journey meets it: a real server on a fresh PostgreSQL database serving
 * the built web client, RabbitMQ and the S3-compatible server `npm test` started, and a GPU worker in a
 * process of its own, as on a separate machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { realServicesEnv, startTestServer, waitFor } from '../../../../server/test/support';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const WEB_DIST_DIR = fileURLToPath(new URL('../../../dist', import.meta.url));
const WORKER_READY_MS = 60_000;
const WORKER_STOP_MS = 15_000;

/** Journeys click faster than people and sign in many times from one IP: limits that never get in the way. */
const TEST_ENV = {
  OUTBOX_POLL_MS: '50',
  SIGNIN_RATE_LIMIT: '1000',
  API_RATE_LIMIT: '100000',
  GENERATION_RATE_LIMIT: '1000',
  // Journeys run side by side, each with a worker process: each takes any free port for its probes.
  WORKER_HTTP_PORT: '0',
};

interface Lifecycle {
  guardAgainstOrphans(cleanup: () => void): () => void;
}
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { guardAgainstOrphans } = (await import(
  new URL('../../../../scripts/services/lifecycle.mjs', import.meta.url).href
)) as Lifecycle;

export type Product = Awaited<ReturnType<typeof startProduct>>;

/** `env` is added to both server and worker (after the test defaults, so it can override them). */
export async function startProduct(env: Record<string, string> = {}) {
  if (!existsSync(`${WEB_DIST_DIR}/index.html`)) {
    throw new Error(`${WEB_DIST_DIR} is not built: run the journeys through \`npm test\``);
  }
  const shared = { ...realServicesEnv(), ...TEST_ENV, ...env };
  const server = await startTestServer({ WEB_DIST_DIR, ...shared });
  let worker: Awaited<ReturnType<typeof startWorkerProcess>>;
  try {
    // The worker writes links to this server into signed images, so it must know its address.
    worker = await startWorkerProcess({ PUBLIC_URL: server.base, ...shared });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    base: server.base,
    db: server.db,
    server,
    /** The worker's last log lines, for a failing journey's message. */
    workerOutput: worker.output,
    /** Stops the worker first, so it never works against a server that is gone; then the server. */
    stop: async () => {
      try {
        await worker.stop();
      } finally {
        await server.stop();
      }
    },
  };
}

/** `gpu-worker`'s own entry point, run by tsx: ready once it logs that it consumes its queues. */
async function startWorkerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gpu-worker/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  // A test process that dies or is interrupted must not leave a worker consuming the shared broker.
  const release = guardAgainstOrphans(() => child.kill('SIGKILL'));
  const stop = async () => {
    release();
    if (!(await exited(child, 0))) {
      child.kill('SIGTERM'); // The worker hands its in-flight messages back to the queue and exits.
      if (!(await exited(child, WORKER_STOP_MS))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
  };
  try {
    await waitFor(
      () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`the worker exited (${child.exitCode ?? child.signalCode})`);
        }
        return output.includes('"worker consuming"');
      },
      WORKER_READY_MS,
      'the worker to consume its queues',
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- worker output ---\n${output.slice(-4_000)}`);
  }
  return { stop, output: () => output };
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  if (ms === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
