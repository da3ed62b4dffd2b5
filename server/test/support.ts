/**
 * Builds a server wired to real stores for a test file: a fresh PostgreSQL database, the RabbitMQ
 * broker `npm test` started (or the in-process queue), a local object store in a temp dir, and a logger
 * whose lines the test can read.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { schema } from '@style-license/db';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import { createLogger } from '@style-license/platform/logger';
import {
  createAmqpTransport,
  createMemoryTransport,
  createQueueTransport,
  type QueueTransport,
} from '@style-license/platform/queue';
import { createLocalStorage, createObjectStorage } from '@style-license/platform/storage';
import { loadWorkerConfig, startWorker, type JobHandlers } from '@style-license/gpu-worker';
import { loadServerConfig } from '../src/config';
import { startServer } from '../src/start';
import type { ServerDeps } from '../src/deps';
import { SESSION_COOKIE } from '../src/domains/auth/credentials';
import { createSession } from '../src/domains/auth/sessions';
import { CSRF_HEADER } from '../src/trpc/middlewares/csrf';

export interface CapturedLogs {
  lines: Record<string, unknown>[];
}

export function captureLogger() {
  const captured: CapturedLogs = { lines: [] };
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) captured.lines.push(JSON.parse(line));
      done();
    },
  });
  // The product's own logger, so every server test's lines pass through its redaction too.
  return {
    logger: createLogger({ name: 'server', level: 'debug', pretty: false, destination: stream }),
    captured,
  };
}

export function amqpUrl(): string {
  const url = process.env.TEST_AMQP_URL;
  if (!url) throw new Error('TEST_AMQP_URL is not set: run the suites through `npm test`');
  return url;
}

export interface TestServerDeps extends ServerDeps {
  database: TestDatabase;
  captured: CapturedLogs;
  dispose(): Promise<void>;
}

export async function createTestDeps(
  options: { queue?: 'memory' | 'amqp'; env?: Record<string, string> } = {},
) {
  const database = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'sl-server-'));
  const config = loadServerConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    STORAGE_DIR: join(dir, 'objects'),
    WEB_ORIGIN: 'http://web.example.test',
    WEB_DIST_DIR: 'none',
    ...options.env,
  });
  const { logger, captured } = captureLogger();
  const queue: QueueTransport =
    options.queue === 'amqp'
      ? createAmqpTransport({ url: amqpUrl(), maxDeliveries: 3 })
      : createMemoryTransport({ maxDeliveries: 3 });
  const storage = createLocalStorage({
    dir: config.STORAGE_DIR,
    publicBaseUrl: config.PUBLIC_URL,
    signingSecret: config.STORAGE_SIGNING_SECRET,
  });
  const deps: TestServerDeps = {
    config,
    logger,
    database,
    queue,
    storage,
    captured,
    dispose: async () => {
      await queue.close();
      await database.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return deps;
}

/** A user with a wallet and a live session, made directly in the database (the sign-in flow has its own tests). */
export async function signInAs(
  deps: ServerDeps,
  options: { role?: 'user' | 'artist'; email?: string; kind?: 'web' | 'desktop' } = {},
) {
  const email = options.email ?? `${randomUUID()}@example.test`;
  const [user] = await deps.database.db
    .insert(schema.users)
    .values({
      googleSub: `test-${randomUUID()}`,
      email,
      // A name that keeps the name rule (a UUID would not) and is unique, as artist names must be.
      displayName: `Tester ${randomUUID().replace(/-/g, '').slice(0, 10)}`,
      role: options.role ?? 'user',
    })
    .returning();
  await deps.database.db.insert(schema.wallets).values({ userId: user!.id });
  const { token, session } = await createSession(deps.database.db, {
    userId: user!.id,
    kind: options.kind ?? 'web',
    ttlDays: 14,
  });
  return {
    user: user!,
    session,
    token,
    /** Headers of a same-origin browser request carrying this session. */
    browser: {
      cookie: `${SESSION_COOKIE}=${token}`,
      origin: new URL(deps.config.PUBLIC_URL).origin,
      [CSRF_HEADER]: '1',
    },
    bearer: { authorization: `Bearer ${token}` },
  };
}

/** Calls a tRPC procedure over (injected) HTTP; returns status and the parsed body. */
export async function callTrpc(
  app: FastifyInstance,
  path: string,
  options: { input?: unknown; mutation?: boolean; headers?: Record<string, string> } = {},
) {
  const res = options.mutation
    ? await app.inject({
        method: 'POST',
        url: `/trpc/${path}`,
        payload: (options.input ?? {}) as object,
        headers: options.headers,
      })
    : await app.inject({
        method: 'GET',
        url: `/trpc/${path}${options.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(options.input))}`}`,
        headers: options.headers,
      });
  const body = res.json() as {
    result?: { data: unknown };
    error?: { message: string; data: { code: string } };
  };
  return { status: res.statusCode, data: body.result?.data, error: body.error, headers: res.headers };
}

/** A real server listening on a free loopback port, on a fresh PostgreSQL database. */
/**
 * A real server listening on a free loopback port, on a fresh PostgreSQL database — or on `database`,
 * which it then leaves in place when stopped (to restart a server on the same data).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { database?: TestDatabase } = {},
) {
  const database = options.database ?? (await createTestDatabase());
  const dir = mkdtempSync(join(tmpdir(), 'sl-server-'));
  const port = await freePort();
  const config = loadServerConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: String(port),
    DATABASE_URL: database.url,
    STORAGE_DIR: join(dir, 'objects'),
    WEB_DIST_DIR: 'none',
    ...env,
  });
  const { logger, captured } = captureLogger();
  // With AMQP_URL (see realServicesEnv) the server builds its own RabbitMQ transport and S3 store.
  const queue = env.AMQP_URL ? undefined : createMemoryTransport({ maxDeliveries: 3 });
  const server = await startServer(config, { logger, ...(queue ? { queue } : {}) });
  return {
    ...server,
    db: database.db,
    database,
    captured,
    base: config.PUBLIC_URL,
    stop: async () => {
      await server.close();
      if (!options.database) await database.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Environment pointing a server or worker at the RabbitMQ and S3-compatible server `npm test` started. */
export function realServicesEnv(): Record<string, string> {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the suites through \`npm test\``);
    return value;
  };
  return {
    AMQP_URL: need('TEST_AMQP_URL'),
    // Test files run in parallel on one broker: each gets its own queues, so no worker takes another's jobs.
    QUEUE_NAMESPACE: `t${randomUUID().slice(0, 8)}.`,
    S3_ENDPOINT: need('TEST_S3_ENDPOINT'),
    S3_BUCKET: need('TEST_S3_BUCKET'),
    S3_REGION: need('TEST_S3_REGION'),
    S3_ACCESS_KEY_ID: need('TEST_S3_ACCESS_KEY_ID'),
    S3_SECRET_ACCESS_KEY: need('TEST_S3_SECRET_ACCESS_KEY'),
  };
}

/** A GPU worker in this process on its own connections, as a separate machine would have. */
export async function startTestWorker(env: Record<string, string>, handlers?: JobHandlers) {
  const config = loadWorkerConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const { logger } = captureLogger();
  const queue = createQueueTransport(config, logger);
  const storage = createObjectStorage(config, { publicBaseUrl: config.PUBLIC_URL });
  const worker = await startWorker({ config, logger, queue, storage }, handlers);
  return {
    storage,
    stop: async () => {
      await worker.stop();
      await queue.close();
    },
  };
}

/** Polls `probe` until it gives a truthy value (returned), or fails after `ms` naming `what`. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 60_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
