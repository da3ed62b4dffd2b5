/**
 * The outbox relay: publishes committed outbox rows and marks them sent.
 * Rows are locked FOR UPDATE SKIP LOCKED, so several server instances share the work without
 * publishing the same row concurrently. The mark happens only after the broker confirmed the
 * publish; if the process dies in between, the row is published again later — at least once —
 * and consumers dedupe by the message id (the row id).
 * An in-process queue holds messages only in memory, so there "sent" waits until the job's handler
 * acknowledged it: a restart before that publishes the row again, and no accepted job is lost.
 * The relay wakes when a transaction that wrote rows commits (PostgreSQL NOTIFY from a trigger on the
 * outbox, heard by every instance); the poll remains for notifications lost during an outage.
 */
import { and, asc, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { schema, type Database } from '@style-license/db';
import type { Logger } from '@style-license/platform/logger';
import type { QueueTransport } from '@style-license/platform/queue';
import type { Envelope } from '@style-license/shared';

const { outbox } = schema;

/** The NOTIFY channel of the outbox trigger (db/migrations/0005_outbox_notify.sql). */
export const OUTBOX_CHANNEL = 'outbox_pending';

export interface RelayOptions {
  database: Database;
  queue: QueueTransport;
  logger: Logger;
  pollMs: number;
  batchSize?: number;
}

export interface OutboxRelay {
  /** Look for rows now instead of at the next poll (call after committing an outbox row). */
  nudge(): void;
  /** Publish everything pending; resolves with how many rows were sent. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

type OutboxRow = typeof outbox.$inferSelect;

function toEnvelope(row: OutboxRow): Envelope {
  return {
    id: row.id,
    type: row.type,
    createdAt: row.createdAt.toISOString(),
    payload: row.payload,
    ...(row.requestId ? { requestId: row.requestId } : {}),
  };
}

/**
 * Rows published to a non-durable queue whose jobs are not yet acknowledged, by this process (the only
 * one that can hold them): not published again while in flight, marked sent once acknowledged.
 */
export type InFlight = Set<string>;

function markSentWhenSettled(
  { database, queue, logger }: Pick<RelayOptions, 'database' | 'queue' | 'logger'>,
  inFlight: InFlight,
  id: string,
) {
  inFlight.add(id);
  void queue.settled!(id)
    .then(() =>
      database.db
        .update(outbox)
        .set({ sentAt: new Date() })
        .where(inArray(outbox.id, [id])),
    )
    .catch((error: unknown) =>
      logger.warn({ err: error, outboxId: id }, 'outbox: could not mark a handled row'),
    )
    .finally(() => inFlight.delete(id));
}

/** Publishes one batch in one transaction; returns the number published. */
export async function publishBatch(
  options: Pick<RelayOptions, 'database' | 'queue' | 'logger'>,
  batchSize: number,
  inFlight: InFlight = new Set(),
): Promise<number> {
  const { database, queue, logger } = options;
  const durable = !queue.settled;
  return database.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(and(isNull(outbox.sentAt), inFlight.size > 0 ? notInArray(outbox.id, [...inFlight]) : undefined))
      .orderBy(asc(outbox.createdAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    // Publish the whole batch at once and wait for all confirms: one round trip per batch, not per row.
    const results = await Promise.allSettled(rows.map((row) => queue.publish(row.queue, toEnvelope(row))));
    const sent = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((row) => row.id);
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue;
      const row = rows[i]!;
      logger.warn(
        { err: result.reason, outboxId: row.id, queue: row.queue },
        'outbox publish failed; will retry',
      );
      await tx
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, lastError: String(result.reason) })
        .where(inArray(outbox.id, [row.id]));
    }
    if (sent.length > 0 && durable) {
      await tx.update(outbox).set({ sentAt: new Date() }).where(inArray(outbox.id, sent));
    }
    if (!durable) for (const id of sent) markSentWhenSettled(options, inFlight, id);
    return sent.length;
  });
}

export function startOutboxRelay(options: RelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 50;
  const inFlight: InFlight = new Set();
  let stopped = false;
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** A wake-up that came while a round ran: rows committed meanwhile may be past that round's query. */
  let again = false;

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await publishBatch(options, batchSize, inFlight);
      total += n;
      if (n < batchSize) return total;
    }
  };

  const tick = () => {
    if (stopped) return;
    if (running) return void (again = true);
    again = false;
    running = drain()
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'outbox relay round failed');
        return 0;
      })
      .finally(() => {
        running = null;
        if (again) setImmediate(tick);
        else schedule();
      });
  };

  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, options.pollMs);
  };

  schedule();
  const listening = options.database
    .listen(OUTBOX_CHANNEL, () => setImmediate(tick))
    .catch((error: unknown) => {
      options.logger.warn({ err: error }, 'outbox relay cannot listen for new rows; polling only');
      return null;
    });
  return {
    nudge: () => setImmediate(tick),
    drain: async () => {
      if (running) await running;
      return drain();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await (
        await listening
      )?.();
      if (running) await running;
    },
  };
}
