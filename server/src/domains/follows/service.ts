/**
 * Following artists. Only an artist can be followed, and not by themselves (the database refuses a
 * self-follow too); following and unfollowing are idempotent; the follower count is counted from the
 * rows (indexed by followee), so it is exact without a counter to keep.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, type FollowState, type FollowingPage } from '@style-license/shared';
import { z } from 'zod';
import { decodeCursor, encodeCursor, microsecondTimestampSchema, microsecondsOf } from '../paging/cursor';
import { descendingKeyset, fetchKeysetPage } from '../paging/keyset';

const { follows, users } = schema;

/** The same NOT_FOUND for unknown ids and non-artists, as the artist page gives. */
async function requireArtist(db: Db, artistId: string) {
  const [artist] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, artistId), eq(users.role, 'artist')));
  if (!artist) throw new AppError('NOT_FOUND', 'No such artist');
}

export async function followState(db: Db, viewerId: string | null, artistId: string): Promise<FollowState> {
  const [row] = await db
    .select({
      followerCount: count(),
      following: viewerId
        ? sql<boolean>`coalesce(bool_or(${follows.followerId} = ${viewerId}), false)`
        : sql<boolean>`false`,
    })
    .from(follows)
    .where(eq(follows.followeeId, artistId));
  return { following: row?.following ?? false, followerCount: row?.followerCount ?? 0 };
}

export async function followArtist(db: Db, followerId: string, artistId: string): Promise<FollowState> {
  // A uuid names one row whatever its case (PostgreSQL compares them so): compared the same way here,
  // or a capitalised own id would slip past to the database's constraint (found by the fuzz suite).
  if (artistId.toLowerCase() === followerId.toLowerCase()) {
    throw new AppError('VALIDATION_FAILED', 'You cannot follow yourself', {
      details: [{ path: 'artistId', rule: 'self_follow', message: 'You cannot follow yourself' }],
    });
  }
  await requireArtist(db, artistId);
  await db.insert(follows).values({ followerId, followeeId: artistId }).onConflictDoNothing();
  return followState(db, followerId, artistId);
}

export async function unfollowArtist(db: Db, followerId: string, artistId: string): Promise<FollowState> {
  await requireArtist(db, artistId);
  await db.delete(follows).where(and(eq(follows.followerId, followerId), eq(follows.followeeId, artistId)));
  return followState(db, followerId, artistId);
}

const newestFirst = descendingKeyset(follows.createdAt, follows.followeeId);

/**
 * A cursor is the last row's keys (when it was followed, at full precision, and the artist's id), not a
 * reference to the row: unfollowing the artist a cursor names must not end the list there.
 */
const cursorSchema = z.object({ c: microsecondTimestampSchema, i: z.guid() });

/** The artists I follow, most recently followed first. */
export async function listFollowing(
  db: Db,
  followerId: string,
  input: { cursor?: string; limit: number },
): Promise<FollowingPage> {
  const cursor = input.cursor === undefined ? undefined : decodeCursor(input.cursor, cursorSchema);
  const after = cursor ? newestFirst.after(sql`${cursor.c}::timestamptz, ${cursor.i}::uuid`) : undefined;
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) =>
      db
        .select({
          id: users.id,
          displayName: users.displayName,
          avatarUrl: users.avatarUrl,
          followedAt: follows.createdAt,
          followedAtUs: microsecondsOf(follows.createdAt),
        })
        .from(follows)
        .innerJoin(users, eq(users.id, follows.followeeId))
        .where(and(eq(follows.followerId, followerId), after))
        .orderBy(...newestFirst.orderBy)
        .limit(fetchLimit),
    (last) => encodeCursor({ c: last.followedAtUs, i: last.id }),
  );
  return {
    items: page.map(({ followedAtUs: _, ...a }) => ({ ...a, followedAt: a.followedAt.toISOString() })),
    nextCursor,
  };
}
