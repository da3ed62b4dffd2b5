/**
 * Starts a server from configuration: opens the stores, migrates (or checks nothing is pending), starts
 * the outbox relay, listens.
 * A caller running several parts in one process (the embedded launcher, tests) passes the queue and
 * store it shares with them; otherwise they are created from the configuration.
 */
import { migrateDatabase, openDatabase, pendingMigrations, type Database } from '@style-license/db';
import { ConfigError } from '@style-license/platform/config';
import { createLogger, type Logger } from '@style-license/platform/logger';
import { createQueueTransport, type QueueTransport } from '@style-license/platform/queue';
import { createObjectStorage, type ObjectStorage } from '@style-license/platform/storage';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import type { ServerDeps } from './deps';
import { republishWaitingJobs, requestRecentCleanups } from './messaging/in-process-recovery';
import { startOutboxRelay, type OutboxRelay } from './messaging/relay';
import { purgeExpired } from './security/housekeeping';
import { purgeMessaging } from './messaging/housekeeping';
import { purgeAbandonedUploads } from './domains/training/abandoned-uploads';
import { backfillCopyHashes } from './domains/training/copy-hash-backfill';
import { purgeUnsignedSamples } from './domains/styles/unsigned-samples';
import { startJobEventsConsumer } from './messaging/job-events';
import { trainingEventHandlers } from './domains/training/events';
import { generationEventHandlers } from './domains/generation/events';
import { closeSharedMarkReaders } from './domains/licenses/trace';
import { createServerMetrics } from './metrics/server-metrics';
import { startSweeper } from './sweeps';
import { refoldStoredTags } from './domains/styles/tag-refold';

const HOUSEKEEPING_MS = 60 * 60 * 1000;
/** Applying a job event is one short transaction: a stop waits this long for those under way. */
const EVENTS_DRAIN_MS = 5000;

export interface RunningServer {
  app: FastifyInstance;
  deps: ServerDeps;
  relay: OutboxRelay;
  url: string;
  close(): Promise<void>;
}

export interface StartOverrides {
  logger?: Logger;
  queue?: QueueTransport;
  storage?: ObjectStorage;
}

export function serverLogger(config: ServerConfig): Logger {
  return createLogger({ name: 'server', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
}

/**
 * Migrates, or (MIGRATE_ON_START=false, where `migrate` runs as a step of its own) refuses a schema that
 * lags behind this code: queries against missing columns would fail request by request instead.
 */
async function prepareSchema(config: ServerConfig, database: Database): Promise<void> {
  if (config.MIGRATE_ON_START) return migrateDatabase(database);
  const pending = await pendingMigrations(database);
  if (pending.length > 0) {
    await database.close();
    throw new ConfigError([
      `MIGRATE_ON_START: is false and ${pending.length} migration(s) are pending (${pending.join(', ')}); run \`migrate\` (node dist/migrate.mjs) first`,
    ]);
  }
}

export async function startServer(
  config: ServerConfig,
  overrides: StartOverrides = {},
): Promise<RunningServer> {
  const logger = overrides.logger ?? serverLogger(config);
  const database = await openDatabase(config.DATABASE_URL, { poolMax: config.DATABASE_POOL_MAX });
  await prepareSchema(config, database);
  // Tags stored before the current fold (NFKC + case folding) are re-spelled and merged: done in code,
  // not SQL, so stored spellings fold exactly as new input does (tag-refold.ts). Idempotent.
  const refolded = await refoldStoredTags(database.db);
  if (refolded.renamed + refolded.merged + refolded.dropped > 0)
    logger.info(refolded, 'stored tags re-folded');
  const queue = overrides.queue ?? (await createQueueTransport(config, logger));
  const storage = overrides.storage ?? createObjectStorage(config, { publicBaseUrl: config.PUBLIC_URL });
  // This server's own registry with the process metrics: several servers can share a process (tests).
  const metrics = createServerMetrics({ database, processMetrics: true });
  const deps: ServerDeps = { config, logger, database, queue, storage, metrics };

  const app = await buildApp(deps);
  // The in-process queue starts empty: what it held before a restart is published again (see the module).
  if (queue.settled) {
    const revived = await republishWaitingJobs(database.db);
    // A render outlives its deadline by at most a few minutes; a day of failures covers it generously.
    const cleanups = await requestRecentCleanups(database.db, 24 * 3600);
    if (revived + cleanups > 0)
      logger.info({ revived, cleanups }, 'recovered the in-process queue after a restart');
  }
  const relay = startOutboxRelay({ database, queue, logger, pollMs: config.OUTBOX_POLL_MS });
  const events = await startJobEventsConsumer(deps, {
    ...trainingEventHandlers(logger),
    ...generationEventHandlers(database.db, logger, storage, config.GENERATION_DEADLINE_SECONDS, metrics),
  });
  const stopSweeper = startSweeper({ database, config, logger, metrics }, config.SWEEP_INTERVAL_SECONDS);
  // Images recorded before migration 0018 get their copy hash in the background, from now on (the
  // copyright check cannot find them until then), and again at each housekeeping for any left over.
  const backfillStop = new AbortController();
  const backfill = () =>
    backfillCopyHashes({ database, storage, logger }, { signal: backfillStop.signal }).catch(
      (error: unknown) => logger.warn({ err: error }, 'copy hash backfill failed'),
    );
  void backfill();
  const housekeeping = setInterval(() => {
    void backfill();
    Promise.all([
      purgeExpired(database.db),
      purgeAbandonedUploads(database.db, storage),
      purgeUnsignedSamples(database.db, storage),
      purgeMessaging(database.db, {
        outboxRetentionHours: config.OUTBOX_RETENTION_HOURS,
        processedEventsRetentionDays: config.PROCESSED_EVENTS_RETENTION_DAYS,
        keepWaitingJobRequests: Boolean(queue.settled),
      }),
    ]).then(
      ([, abandonedUploads, unsignedSamples, purged]) => {
        if (abandonedUploads || unsignedSamples)
          logger.info({ abandonedUploads, unsignedSamples }, 'housekeeping removed objects');
        if (purged.outbox || purged.processedEvents)
          logger.info(purged, 'housekeeping purged messaging rows');
      },
      (error: unknown) => logger.warn({ err: error }, 'housekeeping failed'),
    );
  }, HOUSEKEEPING_MS).unref();
  const address = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ address }, 'server listening');

  return {
    app,
    deps,
    relay,
    url: address,
    close: async () => {
      clearInterval(housekeeping);
      stopSweeper();
      backfillStop.abort();
      // Requests first: no new ones, those in flight finish (and their outbox rows commit). Then job
      // events being applied finish, or go back to the queue unspent; then the relay, queue and pool.
      await app.close();
      await closeSharedMarkReaders();
      await events.drain(EVENTS_DRAIN_MS);
      await relay.stop();
      // The run under way stops after its current image (a run begun now does nothing).
      await backfill();
      if (!overrides.queue) await queue.close();
      await database.close();
    },
  };
}
