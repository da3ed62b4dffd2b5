/**
 * Public search over ready styles: by tags (a style must carry every tag asked for), newest or most
 * generated first, in keyset pages. Invariants: the sort keys end with the unique id, so the order is
 * total and a walk through the pages never repeats or skips a style that stays put; cursors carry the
 * keys at full database precision (microseconds), because a millisecond cursor would skip rows.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from '@style-license/db';
import {
  STYLE_SORTS,
  type SearchStylesInput,
  type StyleSearchPage,
  type StyleSort,
} from '@style-license/shared';
import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  microsecondTimestampSchema,
  microsecondsOf,
} from '../paging/cursor';
import { descendingKeyset, fetchKeysetPage, type DescendingKeyset } from '../paging/keyset';
import { thumbnailUrlOf, type StyleDeps } from './service';
import { tagsOfStyles } from './tags';

const { styles, styleTags, tags, users } = schema;

/** What a cursor holds: the sort it belongs to and the last row's sort keys. */
const cursorSchema = z.object({
  s: z.enum(STYLE_SORTS),
  /** created_at in UTC with microseconds, as PostgreSQL stores it. */
  c: microsecondTimestampSchema,
  i: z.guid(),
  /** generation_count, for the popular sort only. */
  g: z.number().int().min(0).max(2_147_483_647).optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

/** Cursors are opaque to clients but not trusted: anything that is not one we made is VALIDATION_FAILED. */
function decodeSearchCursor(text: string, sort: StyleSort): Cursor {
  const cursor = decodeCursor(text, cursorSchema);
  if (cursor.s !== sort) throw invalidCursor('The cursor belongs to another sort order');
  if (sort === 'popular' && cursor.g === undefined) throw invalidCursor();
  return cursor;
}

/** The page order of each sort: every key descending, ending with the unique id. */
const KEYSETS = {
  newest: descendingKeyset(styles.createdAt, styles.id),
  popular: descendingKeyset(styles.generationCount, styles.createdAt, styles.id),
} satisfies Record<StyleSort, DescendingKeyset>;

/**
 * Rows strictly after the cursor in the page order. Every key sorts descending, so one row comparison
 * expresses "after" exactly, ties included.
 */
function afterCursor(cursor: Cursor): SQL {
  const createdAt = sql`${cursor.c}::timestamptz`;
  const id = sql`${cursor.i}::uuid`;
  const values = cursor.s === 'popular' ? [sql`${cursor.g}::int`, createdAt, id] : [createdAt, id];
  return KEYSETS[cursor.s].after(sql.join(values, sql`, `));
}

/**
 * Styles carrying all of `names`: the tag rows matching any of them, grouped per style, kept when the group
 * has as many distinct tags as were asked for. Names are normalised and deduplicated by the input schema.
 */
function hasAllTags(db: Db, names: string[]): SQL {
  const withAll = db
    .select({ styleId: styleTags.styleId })
    .from(styleTags)
    .innerJoin(tags, eq(tags.id, styleTags.tagId))
    .where(inArray(tags.name, names))
    .groupBy(styleTags.styleId)
    .having(sql`count(distinct ${styleTags.tagId}) = ${names.length}`);
  return inArray(styles.id, withAll);
}

export async function searchStyles(deps: StyleDeps, input: SearchStylesInput): Promise<StyleSearchPage> {
  const db = deps.database.db;
  const cursor = input.cursor === undefined ? undefined : decodeSearchCursor(input.cursor, input.sort);
  // One row more than the page says whether another page follows, without a count query.
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) =>
      db
        .select({
          id: styles.id,
          name: styles.name,
          priceTokens: styles.priceTokens,
          generationCount: styles.generationCount,
          thumbnailKey: styles.thumbnailKey,
          createdAt: styles.createdAt,
          cursorCreatedAt: microsecondsOf(styles.createdAt),
          artistId: users.id,
          artistName: users.displayName,
          artistIsDemo: users.isDemo,
        })
        .from(styles)
        .innerJoin(users, eq(users.id, styles.artistId))
        .where(
          and(
            eq(styles.status, 'ready'),
            input.tags?.length ? hasAllTags(db, input.tags) : undefined,
            input.artistId ? eq(styles.artistId, input.artistId) : undefined,
            cursor ? afterCursor(cursor) : undefined,
          ),
        )
        .orderBy(...KEYSETS[input.sort].orderBy)
        .limit(fetchLimit),
    (last) =>
      encodeCursor({
        s: input.sort,
        c: last.cursorCreatedAt,
        i: last.id,
        g: input.sort === 'popular' ? last.generationCount : undefined,
      }),
  );

  const tagsByStyle = await tagsOfStyles(
    db,
    page.map((row) => row.id),
  );
  const items = await Promise.all(
    page.map(async (row) => ({
      id: row.id,
      name: row.name,
      tags: tagsByStyle.get(row.id) ?? [],
      priceTokens: row.priceTokens,
      artist: { id: row.artistId, displayName: row.artistName },
      generationCount: row.generationCount,
      createdAt: row.createdAt.toISOString(),
      thumbnailUrl: await thumbnailUrlOf(deps, row),
      demo: row.artistIsDemo,
    })),
  );
  return { items, nextCursor };
}
