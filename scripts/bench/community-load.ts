/**
 * The community benchmark's HTTP side: the server process it loads (server/bench/api-server.ts, the
 * product's buildApp in production configuration, also the API throughput benchmark's), browser-like
 * tRPC GETs with a session each, and autocannon rounds that give latency percentiles, throughput and
 * the server's CPU time per answer.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { FeedPage } from '@style-license/shared';
import { SESSION_COOKIE } from '../../server/src/domains/auth/credentials';
import { CSRF_HEADER } from '../../server/src/trpc/middlewares/csrf';
import { percentile } from '../bench-report';
import type { BenchClient } from './community-seed';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The API rate limit's maximum: every call is counted, none refused. */
export const RATE_LIMIT = 1_000_000;

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

/** Starts the server with `env` only; BENCH_CPU_PROF=<dir> has it write a V8 CPU profile there. */
export function startServer(env: Record<string, string>): Promise<BenchServer> {
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

/** What a browser on the product's origin sends with a signed-in query. */
export const browserHeaders = (client: BenchClient, origin: string) => ({
  cookie: `${SESSION_COOKIE}=${client.token}`,
  origin,
  [CSRF_HEADER]: '1',
});

/** The tRPC GET path of one query. */
export const trpcPath = (procedure: string, input: unknown) =>
  `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

export async function callTrpc(base: string, path: string, headers: Record<string, string>) {
  const response = await fetch(base + path, { headers });
  const body = (await response.json()) as { result?: { data: unknown } };
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body.result?.data;
}

/** The feed's cursor for page `page`, from a walk down from the top as a reader scrolling would take. */
export async function cursorOfPage(
  base: string,
  headers: Record<string, string>,
  { page, limit }: { page: number; limit: number },
): Promise<string> {
  let cursor: string | undefined;
  for (let n = 1; n < page; n++) {
    const input = { limit, ...(cursor ? { cursor } : {}) };
    const data = (await callTrpc(base, trpcPath('gallery.feed', input), headers)) as FeedPage;
    if (!data.nextCursor) throw new Error(`the feed ended at page ${n}`);
    cursor = data.nextCursor;
  }
  if (!cursor) throw new Error('page must be 2 or more');
  return cursor;
}

export interface Round {
  p50: number;
  p95: number;
  p99: number;
  /** 2xx answers per second. */
  rate: number;
  /** Server CPU ms per answered request. */
  cpuPerRequest: number;
  /** Non-2xx answers and errors. */
  failed: number;
}

/**
 * `connections` keep-alive clients for `seconds`, client c (of `clients`, in turn) sending the paths
 * `pathsOf(c)` over and over with its own headers.
 */
export async function loadRound(
  server: BenchServer,
  options: {
    connections: number;
    seconds: number;
    clients: number;
    pathsOf(c: number): string[];
    headersOf(c: number): Record<string, string>;
  },
): Promise<Round> {
  const cpuBefore = await server.cpuMs();
  const latencies: number[] = [];
  let next = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [{ method: 'GET', path: options.pathsOf(0)[0]! }],
        setupClient: (client) => {
          const c = next++ % options.clients;
          const headers = options.headersOf(c);
          client.setRequests(options.pathsOf(c).map((path) => ({ method: 'GET' as const, path, headers })));
        },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const answered = latencies.length + result.non2xx;
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rate: latencies.length / result.duration,
    cpuPerRequest: ((await server.cpuMs()) - cpuBefore) / answered,
    failed: result.non2xx + result.errors,
  };
}
