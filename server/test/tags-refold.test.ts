/**
 * Tags stored under the old fold (trim, lower-case, NFC) brought to the new one, on PostgreSQL and on
 * PGlite: look-alike rows merge into one without losing or duplicating any style's or image's tag,
 * invisible characters are stripped, and a purchase's prompt tags stay as bought.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, schema, type Database, type Db } from '@style-license/db';
import { createTestDatabase } from '@style-license/db/testing';
import { refoldStoredTags } from '../src/domains/styles/tag-refold';

const { imageTags, styleTags, tags } = schema;

/** Names as the old normaliseTag stored them, oldest first (the key names a row in the test). */
const OLD_TAGS = {
  fullWidthWater: 'ｗａｔｅｒ', // 'ＷＡＴＥＲ' lower-cased, never NFKC'd
  water: 'water',
  zeroWidth: 'water\u200Bcolor',
  watercolor: 'watercolor',
  dottedI: 'i\u0307stanbul', // 'İstanbul' lower-cased: i + combining dot above
  sharpS: 'straße',
  ss: 'strasse',
  override: 'r\u202Eevil',
  onlyInvisible: '\u200B',
  fullWidthComma: 'ａ，ｂ',
  ligature: 'ﬁne',
  fullWidthFine: 'ｆｉｎｅ',
  // 20 code points, 40 once NFKC spells each era name out: cut to the 32 allowed.
  eraNames: '㍻'.repeat(20),
  plain: 'kept',
} as const;
type Key = keyof typeof OLD_TAGS;

describe.each(['postgres', 'pglite'] as const)('refolding stored tags on %s', (kind) => {
  let database: Database & { dispose?: () => Promise<void> };
  let db: Db;

  beforeAll(async () => {
    database = kind === 'postgres' ? await createTestDatabase() : await openDatabase('pglite:memory');
    if (kind === 'pglite') await migrateDatabase(database);
    db = database.db;
  });
  afterAll(async () => {
    await (database.dispose ?? database.close)();
  });

  async function seed() {
    const id = {} as Record<Key, number>;
    for (const [key, name] of Object.entries(OLD_TAGS)) {
      const [row] = await db.insert(tags).values({ name }).returning({ id: tags.id });
      id[key as Key] = row!.id;
    }
    const [artist] = await db
      .insert(schema.users)
      .values({ googleSub: `sub-${kind}`, email: `a-${kind}@example.test`, displayName: 'Artist' })
      .returning();
    const style = async (name: string, keys: Key[]) => {
      const [row] = await db
        .insert(schema.styles)
        .values({ artistId: artist!.id, name, priceTokens: 5 })
        .returning();
      if (keys.length)
        await db.insert(styleTags).values(keys.map((k) => ({ styleId: row!.id, tagId: id[k] })));
      return row!.id;
    };
    const image = async (styleId: string, n: number, keys: Key[]) => {
      const [row] = await db
        .insert(schema.trainingImages)
        .values({
          styleId,
          objectKey: `styles/${styleId}/originals/${n}`,
          originalName: `${n}.png`,
          width: 512,
          height: 512,
          format: 'png',
          byteSize: 1,
          sha256: String(n).repeat(64).slice(0, 64),
          perceptualHash: '0'.repeat(16),
        })
        .returning();
      await db.insert(imageTags).values(keys.map((k) => ({ imageId: row!.id, tagId: id[k] })));
      return row!.id;
    };
    // s1 carries both spellings of water: the merge must not give it the same tag twice.
    const s1 = await style('s1', ['fullWidthWater', 'water']);
    const s2 = await style('s2', ['zeroWidth', 'onlyInvisible']);
    const s3 = await style('s3', ['sharpS', 'dottedI', 'override', 'fullWidthComma', 'ligature', 'eraNames']);
    const s4 = await style('s4', ['plain', 'ss', 'fullWidthFine']);
    const im1 = await image(s1, 1, ['fullWidthWater', 'zeroWidth']);
    const im2 = await image(s1, 2, ['water', 'fullWidthFine', 'ligature']);
    const [generation] = await db
      .insert(schema.generations)
      .values({
        ownerId: artist!.id,
        styleId: s1,
        seed: 1,
        costTokens: 5,
        idempotencyKey: `key-${kind}`,
        promptTags: [OLD_TAGS.fullWidthWater, OLD_TAGS.zeroWidth],
      })
      .returning();
    return { id, styles: { s1, s2, s3, s4 }, images: { im1, im2 }, generationId: generation!.id };
  }

  const sorted = (rows: { name: string }[]) => rows.map((r) => r.name).sort();
  const tagsOfStyle = async (styleId: string) =>
    sorted(
      await db
        .select({ name: tags.name })
        .from(styleTags)
        .innerJoin(tags, eq(tags.id, styleTags.tagId))
        .where(eq(styleTags.styleId, styleId)),
    );
  const tagsOfImage = async (imageId: string) =>
    sorted(
      await db
        .select({ name: tags.name })
        .from(imageTags)
        .innerJoin(tags, eq(tags.id, imageTags.tagId))
        .where(eq(imageTags.imageId, imageId)),
    );

  it('merges look-alikes into the row spelled right, strips invisibles, and keeps every link once', async () => {
    const { id, styles, images, generationId } = await seed();

    expect(await refoldStoredTags(db)).toEqual({ renamed: 5, merged: 4, dropped: 1 });

    const rows = await db.select().from(tags).orderBy(asc(tags.id));
    const era = '平成'.repeat(16);
    expect(rows.map((r) => [r.id, r.name])).toEqual([
      [id.water, 'water'], // kept its id: it was already spelled right, though not the oldest
      [id.watercolor, 'watercolor'],
      [id.dottedI, 'istanbul'],
      [id.ss, 'strasse'],
      [id.override, 'revil'],
      [id.fullWidthComma, 'ab'],
      [id.ligature, 'fine'], // neither spelling was right: the oldest row keeps the tag
      [id.eraNames, era],
      [id.plain, 'kept'],
    ]);
    expect(await tagsOfStyle(styles.s1)).toEqual(['water']);
    expect(await tagsOfStyle(styles.s2)).toEqual(['watercolor']);
    expect(await tagsOfStyle(styles.s3)).toEqual(['ab', 'fine', 'istanbul', 'revil', 'strasse', era].sort());
    expect(await tagsOfStyle(styles.s4)).toEqual(['fine', 'kept', 'strasse']);
    expect(await tagsOfImage(images.im1)).toEqual(['water', 'watercolor']);
    expect(await tagsOfImage(images.im2)).toEqual(['fine', 'water']);
    const removed = [id.fullWidthWater, id.zeroWidth, id.sharpS, id.fullWidthFine, id.onlyInvisible];
    expect(await db.select().from(styleTags).where(inArray(styleTags.tagId, removed))).toEqual([]);
    expect(await db.select().from(imageTags).where(inArray(imageTags.tagId, removed))).toEqual([]);

    // What the buyer asked for stays on the purchase as it was.
    const [generation] = await db
      .select({ promptTags: schema.generations.promptTags })
      .from(schema.generations)
      .where(eq(schema.generations.id, generationId));
    expect(generation!.promptTags).toEqual([OLD_TAGS.fullWidthWater, OLD_TAGS.zeroWidth]);

    // Run again at the next start: nothing left to do, nothing changes.
    expect(await refoldStoredTags(db)).toEqual({ renamed: 0, merged: 0, dropped: 0 });
    expect(await db.select().from(tags).orderBy(asc(tags.id))).toEqual(rows);
  });
});
