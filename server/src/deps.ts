/**
 * What a running server holds: configuration, handles to the database, queue and object store, and its
 * metrics. Built once at startup (or by a test) and passed down; nothing reaches for globals.
 */
import type { Database } from '@style-license/db';
import type { MarkReader } from '@style-license/platform/license-mark';
import type { Logger } from '@style-license/platform/logger';
import type { QueueTransport } from '@style-license/platform/queue';
import type { ObjectStorage } from '@style-license/platform/storage';
import type { ServerConfig } from './config';
import type { ServerMetrics } from './metrics/server-metrics';

export interface ServerDeps {
  config: ServerConfig;
  logger: Logger;
  database: Database;
  queue: QueueTransport;
  storage: ObjectStorage;
  /**
   * The process's metrics registry (start.ts makes it). Absent where an app is built on its own (tests,
   * benchmarks): buildApp then makes one for that app, and the background jobs count nothing.
   */
  metrics?: ServerMetrics;
  /**
   * Reads invisible license marks on worker threads. Absent, one per key is made on first use and
   * shared by the process (domains/licenses/trace.ts).
   */
  markReader?: MarkReader;
}
