/**
 * The outbox relay: publishes committed outbox rows and marks them sent.
 * Rows are locked FOR UPDATE SKIP LOCKED, so several server instances share the work without
 * publishing the same row concurrently. The mark happens only after the broker confirmed the
 * publish; if the process dies in between, the row is published again later — at least once —
 * and consumers dedupe by the message id (the row id).
 */
import { asc, inArray, isNull, sql } from 'drizzle-orm';
import { schema, type Database } from '@style-license/db';
import type { Logger } from '@style-license/platform/logger';
import type { QueueTransport } from '@style-license/platform/queue';
import type { Envelope } from '@style-license/shared';

const { outbox } = schema;

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

/** Publishes one batch in one transaction; returns the number sent. */
export async function publishBatch(
  { database, queue, logger }: Pick<RelayOptions, 'database' | 'queue' | 'logger'>,
  batchSize: number,
): Promise<number> {
  return database.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(isNull(outbox.sentAt))
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
    if (sent.length > 0) {
      await tx.update(outbox).set({ sentAt: new Date() }).where(inArray(outbox.id, sent));
    }
    return sent.length;
  });
}

export function startOutboxRelay(options: RelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 50;
  let stopped = false;
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await publishBatch(options, batchSize);
      total += n;
      if (n < batchSize) return total;
    }
  };

  const tick = () => {
    if (stopped || running) return;
    running = drain()
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'outbox relay round failed');
        return 0;
      })
      .finally(() => {
        running = null;
        schedule();
      });
  };

  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, options.pollMs);
  };

  schedule();
  return {
    nudge: () => setImmediate(tick),
    drain: async () => {
      if (running) await running;
      return drain();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
