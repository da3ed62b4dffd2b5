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

/**
 * The ids of the newest `limit` images matching `where` in the styles `styleIds` selects, read per style
 * from its own feed index (generations_style_feed_idx, at most `limit` rows each) and merged. Filtering
 * the whole feed instead would read it until enough images of those styles turn up: a few rows for a
 * reader who follows busy artists, but the whole table for one who follows a quiet one, or nobody.
 */
function newestInStyles(styleIds: SQL, where: SQL | undefined, limit: number): SQL {
  return sql`(SELECT g.id FROM (${styleIds}) AS s(id) CROSS JOIN LATERAL (
      SELECT ${generations.id} AS id, ${generations.publishedAt} AS published_at FROM ${generations}
      WHERE ${generations.styleId} = s.id AND ${where ?? sql`true`}
      ORDER BY ${generations.publishedAt} DESC, ${generations.id} DESC LIMIT ${limit}
    ) AS g
    ORDER BY g.published_at DESC, g.id DESC LIMIT ${limit})`;
}

/** The styles whose images a filter asks for, when it names a set of them (an artist's, the followed). */
function styleSet(db: Db, viewerId: string | null, input: FeedInput): SQL | undefined {
  if (input.following) {
    if (!viewerId) throw new AppError('UNAUTHORIZED', 'Sign in to see the artists you follow');
    return sql`${db
      .select({ id: styles.id })
      .from(styles)
      .innerJoin(follows, eq(follows.followeeId, styles.artistId))
      .where(
        and(
          eq(follows.followerId, viewerId),
          input.artistId ? eq(styles.artistId, input.artistId) : undefined,
        ),
      )}`;
  }
  if (input.artistId)
    return sql`${db.select({ id: styles.id }).from(styles).where(eq(styles.artistId, input.artistId))}`;
  return undefined;
}

/** Filters on the image itself: its style and its tag (on the prompt or on the style). */
function imageFilters(db: Db, input: FeedInput): SQL | undefined {
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
  return and(input.styleId ? eq(generations.styleId, input.styleId) : undefined, tagged);
}

export async function listFeed(
  db: Db,
  storage: ObjectStorage,
  viewerId: string | null,
  input: FeedInput,
): Promise<FeedPage> {
  const cursor = input.cursor === undefined ? undefined : decodeCursor(input.cursor, cursorSchema);
  const after = cursor ? newestFirst.after(sql`${cursor.p}::timestamptz, ${cursor.i}::uuid`) : undefined;
  const where = and(isPublic, imageFilters(db, input), after);
  const styleIds = styleSet(db, viewerId, input);
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) =>
      selectImages(
        db,
        viewerId,
        styleIds ? and(where, inArray(generations.id, newestInStyles(styleIds, where, fetchLimit))) : where,
      )
        .orderBy(...newestFirst.orderBy)
        .limit(fetchLimit),
    (last) => encodeCursor({ p: last.publishedAtUs, i: last.id }),
  );
  return { items: await Promise.all(page.map((row) => toFeedItem(storage, row))), nextCursor };
}
