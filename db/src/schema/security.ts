// Fixed-window counters for rate limits, shared by every server instance through the database.
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

export const rateLimits = pgTable('rate_limits', {
  /** What is limited and for whom, e.g. `signin:ip:203.0.113.7` or `api:user:<uuid>`. */
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  resetAt: at('reset_at').notNull(),
});
