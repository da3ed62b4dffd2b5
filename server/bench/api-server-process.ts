/**
 * Starts api-server.ts as a process of its own, configured as production on one host, for the benchmarks
 * that load it over HTTP (api-throughput.bench.ts, scripts/bench/community.bench.ts). Its CPU time is
 * read over IPC, so a benchmark can price each answer; BENCH_CPU_PROF=<dir> has it write a V8 profile.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCredentialAuthority } from '@style-license/platform/content-credentials';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The API rate limit's maximum: every call is counted, none refused. */
export const RATE_LIMIT = 1_000_000;

/** Production refuses the development content-credentials signer: an authority of the bench's own. */
const { config: credentials } = await writeCredentialAuthority(
  join(mkdtempSync(join(tmpdir(), 'sl-bench-')), 'credentials'),
  { organization: 'Style License Bench' },
);

/**
 * The server's environment: production, on one host (local store and in-process queue: the reads
 * measured touch neither the queue nor S3, and presigning is local).
 */
export function productionEnv(options: {
  databaseUrl: string;
  storageDir: string;
  origin: string;
  storageSecret: string;
}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    SINGLE_HOST: 'true',
    DATABASE_URL: options.databaseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_URL: options.origin,
    STORAGE_DIR: options.storageDir,
    STORAGE_SIGNING_SECRET: options.storageSecret,
    LICENSE_MARK_KEY: `${options.storageSecret}-license-mark-key-for-the-bench`,
    ...credentials,
    WEB_DIST_DIR: 'none',
    API_RATE_LIMIT: String(RATE_LIMIT),
    // Production refuses the development stand-ins; nothing here signs in or pays.
    GOOGLE_CLIENT_ID: 'bench',
    GOOGLE_CLIENT_SECRET: 'bench',
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: 'whsec_bench',
  };
}

export interface BenchServer {
  url: string;
  /** The server process's CPU time so far (user + system), in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the server with `env` only (nothing inherited but PATH and HOME). */
export function startBenchServer(env: Record<string, string>): Promise<BenchServer> {
  const dir = process.env.BENCH_CPU_PROF;
  const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...profile, 'server/bench/api-server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    // Its log lines are the production server's cost, not something to read.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const cpuMs = () =>
    new Promise<number>((resolve) => {
      child.once('message', (message) => {
        const { user, system } = (message as { cpuUsage: NodeJS.CpuUsage }).cpuUsage;
        resolve((user + system) / 1000);
      });
      child.send('cpu-usage');
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench API server exited (${code}) before listening`)));
    child.once('message', (message) =>
      resolve({
        url: (message as { url: string }).url,
        cpuMs,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      }),
    );
  });
}
