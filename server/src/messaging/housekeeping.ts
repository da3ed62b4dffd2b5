/**
 * Purges messaging rows that have done their job: sent outbox rows and old processed-event ids. Bounded:
 * oldest first, in short batches (one statement each, so no long lock), and at most a fixed number per run.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@style-license/db';
import { GENERATION_JOB_TYPES, JOB_TYPES } from '@style-license/shared';

export interface MessagingRetention {
  /** Sent outbox rows older than this are deleted (nothing reads them once the broker confirmed them). */
  outboxRetentionHours: number;
  /**
   * Processed-event ids older than this are deleted. Such a row is what makes a consumer skip a message
   * it already handled (db `claimEvent`): a duplicate arriving after its row is gone is handled again.
   * Duplicates come from the relay publishing a row twice, redelivery after a lost ack, an operator
   * replaying a dead-letter queue, and Stripe retrying a webhook for up to three days; the retention
   * must outlast all of them (config keeps it at three days or more).
   */
  processedEventsRetentionDays: number;
  /**
   * On the in-process queue a restart publishes the requests of jobs still waiting again, from their
   * sent rows (in-process-recovery.ts): those rows are kept however old. A durable broker needs none.
   */
  keepWaitingJobRequests: boolean;
  batchSize?: number;
  /** Batches per table per run: a run's work is bounded, and the next run (an hour later) goes on. */
  maxBatches?: number;
}

export interface MessagingPurge {
  outbox: number;
  processedEvents: number;
}

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_MAX_BATCHES = 50;
const HOUR_MS = 3600 * 1000;

/** Sent rows that request a generation or training run still queued or running. */
const requestsOfWaitingJobs = sql`(
  ("type" = ${GENERATION_JOB_TYPES.requested} AND "payload"->>'generationId' IN
    (SELECT "id"::text FROM "generations" WHERE "status" IN ('queued', 'running')))
  OR ("type" = ${JOB_TYPES.trainingRequested} AND "payload"->>'jobId' IN
    (SELECT "id"::text FROM "training_jobs" WHERE "status" IN ('queued', 'running')))
)`;

async function deleteInBatches(
  db: Db,
  batch: (limit: number) => SQL,
  batchSize: number,
  maxBatches: number,
): Promise<number> {
  let deleted = 0;
  for (let run = 0; run < maxBatches; run++) {
    const result = (await db.execute(batch(batchSize))) as unknown as { rows: unknown[] };
    deleted += result.rows.length;
    if (result.rows.length < batchSize) break;
  }
  return deleted;
}

export async function purgeMessaging(
  db: Db,
  retention: MessagingRetention,
  now = new Date(),
): Promise<MessagingPurge> {
  const batchSize = retention.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxBatches = retention.maxBatches ?? DEFAULT_MAX_BATCHES;
  const sentBefore = new Date(now.getTime() - retention.outboxRetentionHours * HOUR_MS).toISOString();
  const processedBefore = new Date(
    now.getTime() - retention.processedEventsRetentionDays * 24 * HOUR_MS,
  ).toISOString();
  const keep = retention.keepWaitingJobRequests ? sql`AND NOT ${requestsOfWaitingJobs}` : sql``;
  // Unsent rows (sent_at IS NULL) never match: they are work the relay still owes the broker.
  const outbox = await deleteInBatches(
    db,
    (limit) => sql`
      DELETE FROM "outbox" WHERE "id" IN (
        SELECT "id" FROM "outbox"
        WHERE "sent_at" IS NOT NULL AND "sent_at" < ${sentBefore}::timestamptz ${keep}
        ORDER BY "sent_at" LIMIT ${limit}
      ) RETURNING "id"`,
    batchSize,
    maxBatches,
  );
  const processedEvents = await deleteInBatches(
    db,
    (limit) => sql`
      DELETE FROM "processed_events" WHERE ("consumer", "event_id") IN (
        SELECT "consumer", "event_id" FROM "processed_events"
        WHERE "created_at" < ${processedBefore}::timestamptz
        ORDER BY "created_at" LIMIT ${limit}
      ) RETURNING 1`,
    batchSize,
    maxBatches,
  );
  return { outbox, processedEvents };
}
