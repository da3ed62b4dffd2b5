/**
 * What a running server holds: configuration and handles to the database, queue and object store.
 * Built once at startup (or by a test) and passed down; nothing reaches for globals.
 */
import type { Database } from '@style-license/db';
import type { Logger } from '@style-license/platform/logger';
import type { QueueTransport } from '@style-license/platform/queue';
import type { ObjectStorage } from '@style-license/platform/storage';
import type { ServerConfig } from './config';

export interface ServerDeps {
  config: ServerConfig;
  logger: Logger;
  database: Database;
  queue: QueueTransport;
  storage: ObjectStorage;
}
