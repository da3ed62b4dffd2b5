// Reliable messaging: the transactional outbox (jobs leave with the transaction that caused them) and
// the processed-event ids that make every consumer idempotent under at-least-once delivery.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt } from './columns';

export const outbox = pgTable(
  'outbox',
  {
    /** Also the message id on the wire, so consumers can dedupe a message the relay published twice. */
    id: uuid('id').primaryKey().defaultRandom(),
    queue: text('queue').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    requestId: text('request_id'),
    createdAt: createdAt(),
    sentAt: at('sent_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_unsent_idx')
      .on(t.createdAt)
      .where(sql`${t.sentAt} IS NULL`),
    // Housekeeping purges sent rows oldest first (server/src/messaging/housekeeping.ts).
    index('outbox_sent_at_idx')
      .on(t.sentAt)
      .where(sql`${t.sentAt} IS NOT NULL`),
  ],
);

export const processedEvents = pgTable(
  'processed_events',
  {
    /** Which consumer handled it: one event may legitimately be handled by several consumers. */
    consumer: text('consumer').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.consumer, t.eventId] }),
    // Housekeeping purges ids past their retention oldest first (server/src/messaging/housekeeping.ts).
    index('processed_events_created_at_idx').on(t.processedAt),
  ],
);
