// The community: likes, comments, follows, and in-app notifications.
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns';
import { notificationType } from './enums';
import { users } from './accounts';
import { generations } from './generations';

export const likes = pgTable(
  'likes',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.generationId] }),
    index('likes_generation_idx').on(t.generationId),
  ],
);

export const comments = pgTable(
  'comments',
  {
    id: id(),
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
    deletedAt: at('deleted_at'),
  },
  (t) => [
    check('comments_body_length', sql`char_length(${t.body}) BETWEEN 1 AND 1000`),
    index('comments_generation_newest_idx').on(t.generationId, t.createdAt.desc(), t.id.desc()),
  ],
);

export const follows = pgTable(
  'follows',
  {
    followerId: uuid('follower_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    followeeId: uuid('followee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    check('follows_not_self', sql`${t.followerId} <> ${t.followeeId}`),
    index('follows_followee_idx').on(t.followeeId),
    index('follows_follower_newest_idx').on(t.followerId, t.createdAt.desc(), t.followeeId.desc()),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: notificationType('type').notNull(),
    /** Type-specific data (style id, generation id, reason), validated by the notifications service. */
    payload: jsonb('payload').notNull().default({}),
    read: boolean('read').notNull().default(false),
    /** Set when a notification is made from an event, so a redelivered event cannot notify twice. */
    dedupeKey: text('dedupe_key').unique(),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    // The unread badge every signed-in page shows counts only these.
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`NOT ${t.read}`),
  ],
);
