/**
 * Builds a server wired to real stores for a test file: a fresh PostgreSQL database, the RabbitMQ
 * broker `npm test` started (or the in-process queue), a local object store in a temp dir, and a logger
 * whose lines the test can read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import {
  createAmqpTransport,
  createMemoryTransport,
  type QueueTransport,
} from '@style-license/platform/queue';
import { createLocalStorage } from '@style-license/platform/storage';
import { loadServerConfig } from '../src/config';
import type { ServerDeps } from '../src/deps';

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
  return { logger: pino({ level: 'debug' }, stream), captured };
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
    WEB_DIST_DIR: '',
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
