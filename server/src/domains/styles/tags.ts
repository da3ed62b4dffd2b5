/**
 * Tags: one shared vocabulary (a row per normalised name) and the tags each style carries.
 * Invariants: names arrive folded and checked by shared's tagSchema (ensureTags refuses any other, so no
 * second spelling can ever be stored); tag rows are deleted only by refoldStoredTags (tag-refold.ts),
 * when a stored name merges into another, because image tags and other styles share them; an unused
 * name simply stops counting in popularTags.
 */
import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { MAX_TAGS, tagSchema, type PopularTag } from '@style-license/shared';

const { styles, styleTags, tags } = schema;

/** How many tags the public "popular tags" list shows. */
export const POPULAR_TAGS_LIMIT = 20;

/**
 * The ids of `names`, in the same order, creating the ones that do not exist yet. Insert-then-select
 * rather than `returning`: a conflicting row (inserted by anyone, even concurrently) returns nothing, and
 * under READ COMMITTED the select that follows sees it once the other transaction has committed.
 */
export async function ensureTags(db: Db, names: readonly string[]): Promise<number[]> {
  if (names.length === 0) return [];
  const refused = names.find((name) => tagSchema.safeParse(name).data !== name);
  if (refused !== undefined) {
    // A programming error, not bad input: callers pass tags that went through tagSchema.
    throw new Error(`ensureTags was given a tag that tagSchema would not store: ${JSON.stringify(refused)}`);
  }
  const unique = [...new Set(names)];
  await db
    .insert(tags)
    .values(unique.map((name) => ({ name })))
    .onConflictDoNothing({ target: tags.name });
  const rows = await db.select({ id: tags.id, name: tags.name }).from(tags).where(inArray(tags.name, unique));
  const idByName = new Map(rows.map((row) => [row.name, row.id]));
  return names.map((name) => {
    const id = idByName.get(name);
    if (id === undefined) throw new Error(`tag ${JSON.stringify(name)} vanished after insert`);
    return id;
  });
}

/**
 * Makes the style's tags exactly `names` (already normalised, at most MAX_TAGS). Only the difference is
 * written, so re-saving an unchanged list touches no rows. Run it inside the transaction that checked
 * the style's owner, so a refused edit leaves no tag behind.
 */
export async function setStyleTags(db: Db, styleId: string, names: readonly string[]): Promise<void> {
  if (names.length > MAX_TAGS) throw new Error(`a style has at most ${MAX_TAGS} tags (got ${names.length})`);
  const ids = await ensureTags(db, names);
  await db
    .delete(styleTags)
    .where(and(eq(styleTags.styleId, styleId), ids.length ? notInArray(styleTags.tagId, ids) : undefined));
  if (ids.length === 0) return;
  await db
    .insert(styleTags)
    .values(ids.map((tagId) => ({ styleId, tagId })))
    .onConflictDoNothing();
}

/** Each style's tag names, in code-point order (style_tags keeps no position). Styles without tags map to []. */
export async function tagsOfStyles(db: Db, styleIds: readonly string[]): Promise<Map<string, string[]>> {
  const byStyle = new Map<string, string[]>(styleIds.map((id) => [id, []]));
  if (styleIds.length === 0) return byStyle;
  const rows = await db
    .select({ styleId: styleTags.styleId, name: tags.name })
    .from(styleTags)
    .innerJoin(tags, eq(tags.id, styleTags.tagId))
    .where(inArray(styleTags.styleId, [...styleIds]))
    .orderBy(asc(sql`${tags.name} collate "C"`));
  for (const row of rows) byStyle.get(row.styleId)?.push(row.name);
  return byStyle;
}

/**
 * The most used tags, by the number of ready styles carrying them as style-level tags. Ready only, because
 * the list leads buyers to styles they can use (drafts, failures and archived styles cannot be bought),
 * and style-level only, because image tags describe training pictures, which buyers never see: counting
 * them would let one style with 100 tagged images outweigh 99 styles. Ties break by name in code-point
 * order, so the list is the same on every database whatever its collation.
 */
export async function popularTags(db: Db, limit = POPULAR_TAGS_LIMIT): Promise<PopularTag[]> {
  const styleCount = sql<number>`count(*)::int`;
  return db
    .select({ name: tags.name, styleCount })
    .from(styleTags)
    .innerJoin(tags, eq(tags.id, styleTags.tagId))
    .innerJoin(styles, eq(styles.id, styleTags.styleId))
    .where(eq(styles.status, 'ready'))
    .groupBy(tags.id, tags.name)
    .orderBy(desc(styleCount), asc(sql`${tags.name} collate "C"`))
    .limit(limit);
}
