/**
 * Brings stored tags to today's fold (shared's normaliseTag and tagSchema), run at every start after the
 * migrations (migration 0010 says why here and not in SQL). Invariant afterwards: every tag row's name is
 * its own fold, and no two rows fold alike; styles and training images keep every tag they had, under its
 * new spelling. Idempotent, and a single read when there is nothing to do.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { MAX_TAG_LENGTH, cutAtGrapheme, stripRefusedTagCharacters, tagSchema } from '@style-license/shared';

const { imageTags, styleTags, tags } = schema;

export interface RefoldResult {
  /** Rows whose name changed. */
  renamed: number;
  /** Rows deleted because another row folds to the same name (their links moved to that row). */
  merged: number;
  /** Rows deleted, with their links, because nothing visible is left of them once refused characters go. */
  dropped: number;
}

interface TagRow {
  id: number;
  name: string;
}

/**
 * What a stored name becomes: refused characters deleted, folded, cut to MAX_TAG_LENGTH code points at a
 * grapheme boundary (NFKC can lengthen: '㍻' is two characters), or null when nothing valid is left.
 */
export function refoldedName(name: string): string | null {
  // Nearly every row at nearly every start: already what tagSchema stores.
  if (tagSchema.safeParse(name).data === name) return name;
  const parsed = tagSchema.safeParse(cutAtGrapheme(stripRefusedTagCharacters(name), MAX_TAG_LENGTH));
  return parsed.success ? parsed.data : null;
}

interface Plan {
  renames: { id: number; name: string }[];
  /** Extra row ids → the row that keeps the name. */
  merges: { keeper: number; extras: number[] }[];
  drops: number[];
}

/** The row already spelled right keeps its id (new input finds it); otherwise the oldest row does. */
function plan(rows: readonly TagRow[]): Plan {
  const groups = new Map<string, TagRow[]>();
  const drops: number[] = [];
  for (const row of rows) {
    const name = refoldedName(row.name);
    if (name === null) drops.push(row.id);
    else groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  const renames: Plan['renames'] = [];
  const merges: Plan['merges'] = [];
  for (const [name, group] of groups) {
    const keeper = group.find((row) => row.name === name) ?? group.reduce((a, b) => (b.id < a.id ? b : a));
    if (keeper.name !== name) renames.push({ id: keeper.id, name });
    const extras = group.filter((row) => row !== keeper).map((row) => row.id);
    if (extras.length > 0) merges.push({ keeper: keeper.id, extras });
  }
  return { renames, merges, drops };
}

const isEmpty = (p: Plan) => p.renames.length + p.merges.length + p.drops.length === 0;

/** Moves the links of `extras` to `keeper`; a style or image that had both keeps one link. */
async function repoint(tx: Db, keeper: number, extras: number[]) {
  const tagId = sql<number>`${keeper}::int`.as('tag_id');
  await tx
    .insert(styleTags)
    .select(
      tx
        .selectDistinct({ styleId: styleTags.styleId, tagId })
        .from(styleTags)
        .where(inArray(styleTags.tagId, extras)),
    )
    .onConflictDoNothing();
  await tx
    .insert(imageTags)
    .select(
      tx
        .selectDistinct({ imageId: imageTags.imageId, tagId })
        .from(imageTags)
        .where(inArray(imageTags.tagId, extras)),
    )
    .onConflictDoNothing();
}

async function deleteTags(tx: Db, ids: number[]) {
  if (ids.length === 0) return;
  await tx.delete(styleTags).where(inArray(styleTags.tagId, ids));
  await tx.delete(imageTags).where(inArray(imageTags.tagId, ids));
  await tx.delete(tags).where(inArray(tags.id, ids));
}

export async function refoldStoredTags(db: Db): Promise<RefoldResult> {
  const none = { renamed: 0, merged: 0, dropped: 0 };
  if (isEmpty(plan(await db.select({ id: tags.id, name: tags.name }).from(tags)))) return none;
  return db.transaction(async (tx) => {
    // Another server starting at the same time, or a request adding a tag, waits until this commits;
    // the plan is made again under the lock, from what is there now.
    await tx.execute(sql`LOCK TABLE ${tags} IN SHARE ROW EXCLUSIVE MODE`);
    const todo = plan(await tx.select({ id: tags.id, name: tags.name }).from(tags));
    for (const { keeper, extras } of todo.merges) await repoint(tx, keeper, extras);
    // Any order would do while refoldedName is idempotent (a row already named X keeps X); deleting
    // first means the unique index never sees a name twice even if it were not.
    await deleteTags(tx, [...todo.merges.flatMap((m) => m.extras), ...todo.drops]);
    for (const { id, name } of todo.renames) await tx.update(tags).set({ name }).where(eq(tags.id, id));
    return {
      renamed: todo.renames.length,
      merged: todo.merges.reduce((sum, m) => sum + m.extras.length, 0),
      dropped: todo.drops.length,
    };
  });
}
