/**
 * The shared keyset-page helper: the limit + 1 fetch and page/cursor split on their own, and whole walks
 * on PostgreSQL over a table of its own with many equal sort keys, both ways callers make cursors (the
 * last row's keys, or its id looked up in a subquery): the order is total and stable, the last page has
 * a null cursor, and rows inserted between page fetches never make a row appear twice or go missing.
 */
import { sql } from 'drizzle-orm';
import { integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@style-license/db';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import {
  descendingKeyset,
  fetchKeysetPage,
  keysetFetchLimit,
  splitKeysetPage,
} from '../src/domains/paging/keyset';

describe('splitting a fetch into a page and its cursor', () => {
  const cursorOf = (n: number) => `after-${n}`;

  it('asks for one row more than the page', async () => {
    expect(keysetFetchLimit(20)).toBe(21);
    let asked = 0;
    await fetchKeysetPage(
      5,
      async (fetchLimit) => {
        asked = fetchLimit;
        return [];
      },
      cursorOf,
    );
    expect(asked).toBe(6);
  });

  it('gives the first `limit` rows and the cursor of the last of them when more came back', () => {
    expect(splitKeysetPage([1, 2, 3, 4], 3, cursorOf)).toEqual({ page: [1, 2, 3], nextCursor: 'after-3' });
  });

  it('gives a null cursor on the last page, full or not, and on an empty one', () => {
    expect(splitKeysetPage([1, 2, 3], 3, cursorOf)).toEqual({ page: [1, 2, 3], nextCursor: null });
    expect(splitKeysetPage([1, 2], 3, cursorOf)).toEqual({ page: [1, 2], nextCursor: null });
    expect(splitKeysetPage([], 3, cursorOf)).toEqual({ page: [], nextCursor: null });
  });
});

const items = pgTable('keyset_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  rank: integer('rank').notNull(),
  /** created_at as microseconds after BASE, for the test's own ordering (a Date has milliseconds only). */
  micros: integer('micros').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 6 }).notNull(),
});
type Item = typeof items.$inferSelect;
type Seed = { rank: number; micros: number };

/** Rows differ from it by a few microseconds, so they share a JavaScript Date and often a created_at. */
const BASE = '2026-01-01T00:00:00Z';

/** The two orders walked below, as the database sorts them (uuids compare as their lower-case text). */
const compareIds = (a: Item, b: Item) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const rankOrder = (a: Item, b: Item) => b.rank - a.rank || compareIds(a, b);
const timeOrder = (a: Item, b: Item) => b.micros - a.micros || compareIds(a, b);

describe('walking keyset pages on PostgreSQL', () => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    db = database.db;
    await db.execute(sql`CREATE TABLE keyset_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rank integer NOT NULL,
      micros integer NOT NULL,
      created_at timestamptz NOT NULL)`);
  });
  afterAll(async () => {
    await database.dispose();
  });
  beforeEach(async () => {
    await db.execute(sql`TRUNCATE keyset_items`);
  });

  async function insert(rows: Seed[]): Promise<Item[]> {
    return db
      .insert(items)
      .values(
        rows.map((row) => ({
          ...row,
          createdAt: sql`${BASE}::timestamptz + ${row.micros}::int * interval '1 microsecond'`,
        })) as unknown as (typeof items.$inferInsert)[],
      )
      .returning();
  }
  const seed = (count: number, row: (i: number) => Seed) =>
    insert(Array.from({ length: count }, (_, i) => row(i)));

  // The cursor carries the last row's keys, (rank, id), as styles/search does.
  const byRank = descendingKeyset(items.rank, items.id);
  type KeyCursor = { rank: number; id: string };
  const rankPage = (limit: number) => (cursor: KeyCursor | undefined) =>
    fetchKeysetPage(
      limit,
      (fetchLimit) =>
        db
          .select()
          .from(items)
          .where(
            cursor
              ? byRank.after(sql.join([sql`${cursor.rank}::int`, sql`${cursor.id}::uuid`], sql`, `))
              : undefined,
          )
          .orderBy(...byRank.orderBy)
          .limit(fetchLimit),
      (last): KeyCursor => ({ rank: last.rank, id: last.id }),
    );

  // The cursor is the last row's id and its keys, (created_at, id), are looked up, as listMine does.
  const newestFirst = descendingKeyset(items.createdAt, items.id);
  const newestPage = (limit: number) => (cursor: string | undefined) =>
    fetchKeysetPage(
      limit,
      (fetchLimit) =>
        db
          .select()
          .from(items)
          .where(
            cursor
              ? newestFirst.after(sql`SELECT created_at, id FROM keyset_items WHERE id = ${cursor}`)
              : undefined,
          )
          .orderBy(...newestFirst.orderBy)
          .limit(fetchLimit),
      (last) => last.id,
    );

  /** Every page until the cursor is null; `between` runs after each page that has a successor. */
  async function walk<C>(
    fetchPage: (cursor: C | undefined) => Promise<{ page: Item[]; nextCursor: C | null }>,
    between: (seen: Item[]) => Promise<void> = async () => {},
  ) {
    const seen: Item[] = [];
    const sizes: number[] = [];
    let cursor: C | undefined;
    for (let n = 0; n < 100; n++) {
      const { page, nextCursor } = await fetchPage(cursor);
      seen.push(...page);
      sizes.push(page.length);
      if (nextCursor === null) return { seen, sizes };
      cursor = nextCursor;
      await between(seen);
    }
    throw new Error('the walk did not end');
  }
  const ids = (rows: Item[]) => rows.map((row) => row.id);

  it('walks a total order over equal sort keys, the same every time, with a null cursor last', async () => {
    const rows = await seed(23, (i) => ({ rank: i % 3, micros: i % 2 }));

    const first = await walk(rankPage(4));
    const again = await walk(rankPage(4));
    expect(ids(first.seen)).toEqual(ids([...rows].sort(rankOrder)));
    expect(ids(again.seen)).toEqual(ids(first.seen));
    expect(first.sizes).toEqual([4, 4, 4, 4, 4, 3]);

    const newest = await walk(newestPage(5));
    expect(ids(newest.seen)).toEqual(ids([...rows].sort(timeOrder)));
    expect(newest.sizes).toEqual([5, 5, 5, 5, 3]);
  });

  it('ends with a null cursor when the rows fill the last page exactly, or when there are none', async () => {
    expect(await walk(newestPage(4))).toEqual({ seen: [], sizes: [0] });
    await seed(8, () => ({ rank: 1, micros: 0 }));
    const walked = await walk(newestPage(4));
    expect(walked.sizes).toEqual([4, 4]);
    expect(new Set(ids(walked.seen)).size).toBe(8);
  });

  it.each([
    ['the keys', rankPage(4), rankOrder],
    ['an id whose keys are looked up', newestPage(4), timeOrder],
  ] as const)(
    'never repeats or misses a row while rows are inserted between fetches (cursor: %s)',
    async (_name, fetchPage, order) => {
      const initial = await seed(30, (i) => ({ rank: 5 + (i % 4), micros: 10 + (i % 3) }));
      // After every page: a row above everything, which a walk past it must never show; rows tying
      // existing keys, shown exactly when they sort after the page just read; a row below everything,
      // always shown. None of them may make a row appear twice or go missing.
      const inserted: { row: Item; after: boolean }[] = [];
      const { seen } = await walk(
        fetchPage as (cursor: unknown) => Promise<{ page: Item[]; nextCursor: unknown }>,
        async (seenSoFar) => {
          const last = seenSoFar.at(-1)!;
          const rows = await insert([
            { rank: 9, micros: 20 },
            { rank: 5, micros: 10 },
            { rank: 7, micros: 11 },
            { rank: 0, micros: 0 },
          ]);
          for (const row of rows) inserted.push({ row, after: order(last, row) < 0 });
        },
      );

      expect(new Set(ids(seen)).size).toBe(seen.length);
      expect(ids(seen)).toEqual(ids([...seen].sort(order)));
      const expected = [...initial, ...inserted.filter((i) => i.after).map((i) => i.row)];
      expect(ids(seen).sort()).toEqual(ids(expected).sort());
      // The walk met both kinds of insert: some shown, some rightly not.
      expect(inserted.some((i) => i.after)).toBe(true);
      expect(inserted.some((i) => !i.after)).toBe(true);
    },
  );
});
