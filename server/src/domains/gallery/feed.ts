/**
 * The public feed: published images, newest first, in keyset pages on (published_at, id), optionally of
 * one style, one artist, one tag, or the artists the reader follows. Invariants: only public images are
 * read (a private one is in no page, whatever the filter); the order is total (the id breaks ties), and
 * "after the cursor" is one row comparison on keys carried at full precision, so a walk through the pages
 * never repeats or skips an image while others are being published above it.
 */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from '@style-license/db';
import { AppError, type FeedInput, type FeedPage } from '@style-license/shared';
import type { ObjectStorage } from '@style-license/platform/storage';
import { decodeCursor, encodeCursor, microsecondTimestampSchema } from '../paging/cursor';
import { descendingKeyset, fetchKeysetPage } from '../paging/keyset';
import { isPublic, selectImages, toFeedItem } from './image-rows';

const { follows, generations, styles, styleTags, tags } = schema;

const newestFirst = descendingKeyset(generations.publishedAt, generations.id);

/** A cursor is the last item's keys: its publication time (microseconds) and id. */
const cursorSchema = z.object({ p: microsecondTimestampSchema, i: z.guid() });

/** Styles matching `where`, as a semi-join on the image's style (the per-style feed index serves it). */
function inStylesWhere(db: Db, where: SQL): SQL {
  return inArray(generations.styleId, db.select({ id: styles.id }).from(styles).where(where));
}

function filters(db: Db, viewerId: string | null, input: FeedInput): (SQL | undefined)[] {
  if (input.following && !viewerId)
    throw new AppError('UNAUTHORIZED', 'Sign in to see the artists you follow');
  const followed = viewerId
    ? db.select({ id: follows.followeeId }).from(follows).where(eq(follows.followerId, viewerId))
    : undefined;
  const tagged = input.tag
    ? or(
        sql`${generations.promptTags} @> ARRAY[${input.tag}]::text[]`,
        inArray(
          generations.styleId,
          db
            .select({ id: styleTags.styleId })
            .from(styleTags)
            .innerJoin(tags, eq(tags.id, styleTags.tagId))
            .where(eq(tags.name, input.tag)),
        ),
      )
    : undefined;
  return [
    input.styleId ? eq(generations.styleId, input.styleId) : undefined,
    input.artistId ? inStylesWhere(db, eq(styles.artistId, input.artistId)) : undefined,
    input.following && followed ? inStylesWhere(db, inArray(styles.artistId, followed)) : undefined,
    tagged,
  ];
}

export async function listFeed(
  db: Db,
  storage: ObjectStorage,
  viewerId: string | null,
  input: FeedInput,
): Promise<FeedPage> {
  const cursor = input.cursor === undefined ? undefined : decodeCursor(input.cursor, cursorSchema);
  const after = cursor ? newestFirst.after(sql`${cursor.p}::timestamptz, ${cursor.i}::uuid`) : undefined;
  const where = and(isPublic, ...filters(db, viewerId, input), after);
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) =>
      selectImages(db, viewerId, where)
        .orderBy(...newestFirst.orderBy)
        .limit(fetchLimit),
    (last) => encodeCursor({ p: last.publishedAtUs, i: last.id }),
  );
  return { items: await Promise.all(page.map((row) => toFeedItem(storage, row))), nextCursor };
}
