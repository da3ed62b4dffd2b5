/**
 * In-app notifications. Created inside the transaction of their cause (a like, a comment, a job event),
 * with a dedupe key, so a redelivered event or a toggled like cannot notify twice; read and marked by
 * their owner only.
 */
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, type NotificationPayload, type NotificationType } from '@style-license/shared';
import { descendingKeyset, fetchKeysetPage } from '../paging/keyset';

const { notifications } = schema;

export async function notify<T extends NotificationType>(
  tx: Db,
  input: { userId: string; type: T; payload: NotificationPayload<T>; dedupeKey: string },
): Promise<boolean> {
  const rows = await tx
    .insert(notifications)
    .values(input)
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length === 1;
}

/** Newest first; the id breaks ties between notifications made in the same microsecond. */
const newestFirst = descendingKeyset(notifications.createdAt, notifications.id);

export async function listNotifications(db: Db, userId: string, input: { cursor?: string; limit: number }) {
  // Keyset on (created_at, id), compared in SQL at full (microsecond) precision, against the caller's
  // own cursor row only; an unknown cursor yields an empty page rather than restarting from the top.
  const after = input.cursor
    ? newestFirst.after(
        sql`SELECT created_at, id FROM notifications WHERE id = ${input.cursor} AND user_id = ${userId}`,
      )
    : undefined;
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) =>
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, userId), after))
        .orderBy(...newestFirst.orderBy)
        .limit(fetchLimit),
    (last) => last.id,
  );
  return {
    items: page.map((n) => ({
      id: n.id,
      type: n.type,
      payload: n.payload as Record<string, unknown>,
      read: n.read,
      createdAt: n.createdAt.toISOString(),
    })),
    nextCursor,
  };
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.read, false)));
  return row?.n ?? 0;
}

/**
 * Marks the caller's notifications read: all of them, or the ones named, which must all be theirs. One
 * id that is not (another user's, or none) is NOT_FOUND and marks nothing.
 */
export async function markRead(db: Db, userId: string, ids: string[] | 'all'): Promise<number> {
  const mine = eq(notifications.userId, userId);
  if (ids === 'all') {
    const rows = await db
      .update(notifications)
      .set({ read: true })
      .where(and(mine, eq(notifications.read, false)))
      .returning({ id: notifications.id });
    return rows.length;
  }
  // One id in two cases is one notification (uuids compare case-insensitively in PostgreSQL).
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(notifications)
      .set({ read: true })
      .where(and(mine, inArray(notifications.id, wanted)))
      .returning({ id: notifications.id });
    if (rows.length !== wanted.length) throw new AppError('NOT_FOUND', 'No such notification');
    return rows.length;
  });
}
