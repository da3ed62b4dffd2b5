/**
 * Keyset ("seek") pagination, shared by every list that pages through rows newest or biggest first.
 * Invariants: the keys end with a unique column (the id), so the order is total and ties on the sort
 * keys still have one place in it; "after the cursor" is one SQL row comparison over all keys, so a
 * walk through the pages never repeats or skips a row that stays put, and rows inserted above the
 * cursor meanwhile never push one along; one row more than the page is fetched to tell whether
 * another page follows, without a count query.
 *
 * What a cursor is stays with each caller (an id meaning "after this row", an encoded set of keys, a
 * number): this module only orders, compares and splits.
 */
import { desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** A total order, every key descending; the last key must be unique (the id). */
export interface DescendingKeyset {
  /** For `.orderBy(...keyset.orderBy)`: the keys in order, each descending. */
  readonly orderBy: SQL[];
  /**
   * Rows strictly after a cursor whose keys are `values`, in the same order as the keys: either a
   * comma-separated list of values (`sql.join([...], sql`, `)`) or a subquery selecting one row of them.
   * Rendered as `(k1, k2, …) < (values)`, which orders ties by the later keys exactly.
   */
  after(values: SQL): SQL;
}

export function descendingKeyset(...keys: [AnyColumn, ...AnyColumn[]]): DescendingKeyset {
  const columns = sql.join(keys, sql`, `);
  return {
    orderBy: keys.map((key) => desc(key)),
    after: (values) => sql`(${columns}) < (${values})`,
  };
}

export interface KeysetPage<Row, Cursor> {
  /** At most `limit` rows, in page order. */
  page: Row[];
  /** The cursor of the page's last row when another page follows; null on the last page. */
  nextCursor: Cursor | null;
}

/** How many rows to ask for: one more than the page, to know whether another page follows. */
export function keysetFetchLimit(limit: number): number {
  return limit + 1;
}

/**
 * Splits rows fetched with `keysetFetchLimit(limit)` into the page (the first `limit`) and the cursor
 * of its last row, which is null unless more rows than `limit` came back.
 */
export function splitKeysetPage<Row, Cursor>(
  rows: readonly Row[],
  limit: number,
  cursorOf: (last: Row) => Cursor,
): KeysetPage<Row, Cursor> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** `fetch(keysetFetchLimit(limit))`, split into the page and the next cursor. */
export async function fetchKeysetPage<Row, Cursor>(
  limit: number,
  fetch: (fetchLimit: number) => PromiseLike<Row[]>,
  cursorOf: (last: Row) => Cursor,
): Promise<KeysetPage<Row, Cursor>> {
  return splitKeysetPage(await fetch(keysetFetchLimit(limit)), limit, cursorOf);
}
