/**
 * Following artists. Only an artist can be followed, and not by themselves (the database refuses a
 * self-follow too); following and unfollowing are idempotent; the follower count is counted from the
 * rows (indexed by followee), so it is exact without a counter to keep.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, type FollowState, type FollowingPage } from '@style-license/shared';
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
  if (artistId === followerId) {
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

/** The artists I follow, most recently followed first; the cursor is the last artist's id. */
export async function listFollowing(
  db: Db,
  followerId: string,
  input: { cursor?: string; limit: number },
): Promise<FollowingPage> {
  const after = input.cursor
    ? newestFirst.after(
        sql`SELECT created_at, followee_id FROM follows WHERE follower_id = ${followerId} AND followee_id = ${input.cursor}`,
      )
    : undefined;
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) =>
      db
        .select({
          id: users.id,
          displayName: users.displayName,
          avatarUrl: users.avatarUrl,
          followedAt: follows.createdAt,
        })
        .from(follows)
        .innerJoin(users, eq(users.id, follows.followeeId))
        .where(and(eq(follows.followerId, followerId), after))
        .orderBy(...newestFirst.orderBy)
        .limit(fetchLimit),
    (last) => last.id,
  );
  return { items: page.map((a) => ({ ...a, followedAt: a.followedAt.toISOString() })), nextCursor };
}
