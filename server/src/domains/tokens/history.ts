/**
 * A user's token history: their ledger entries newest first, each naming what it was for, as pages for
 * the screen and as one CSV file. Read-only: nothing here moves tokens.
 * Invariants: only the user's own entries; keyset pages (id < cursor) never repeat or skip an entry,
 * even while new ones are written; an entry whose generation, style or purchase row is missing is still
 * listed (left joins), with the names it cannot find as null.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type {
  HistoryEntry,
  HistoryInput,
  HistoryPage,
  HistorySubject,
  LedgerKind,
  PurchaseStatus,
} from '@style-license/shared';

export type { HistoryEntry, HistoryPage, HistorySubject } from '@style-license/shared';
import { descendingKeyset, fetchKeysetPage } from '../paging/keyset';

const { generations, purchases, styles, tokenLedger } = schema;

/** Newest first by id alone: it is unique, and increases in commit order per user (below). */
const newestFirst = descendingKeyset(tokenLedger.id);

/**
 * One page of entries with ids below `cursor`. A user's ids increase in commit order because every
 * entry of theirs is numbered while their wallet row is locked, so an entry written after page one was
 * read always sorts above the cursor: it can never slip into a later page or push one along.
 */
async function fetchPage(
  db: Db,
  userId: string,
  page: { cursor?: number; limit: number; kinds?: LedgerKind[] },
): Promise<HistoryEntry[]> {
  const rows = await db
    .select({
      id: tokenLedger.id,
      createdAt: tokenLedger.createdAt,
      kind: tokenLedger.kind,
      delta: tokenLedger.delta,
      balanceAfter: tokenLedger.balanceAfter,
      note: tokenLedger.note,
      referenceType: tokenLedger.referenceType,
      referenceId: tokenLedger.referenceId,
      styleId: styles.id,
      styleName: styles.name,
      failureReason: generations.failureReason,
      packageId: purchases.packageId,
      purchaseStatus: purchases.status,
    })
    .from(tokenLedger)
    .leftJoin(
      generations,
      and(eq(tokenLedger.referenceType, 'generation'), eq(generations.id, tokenLedger.referenceId)),
    )
    .leftJoin(styles, eq(styles.id, generations.styleId))
    .leftJoin(
      purchases,
      and(
        eq(tokenLedger.referenceType, 'purchase'),
        eq(purchases.id, tokenLedger.referenceId),
        // A purchase is only ever the buyer's own; never show another user's package through a bad ref.
        eq(purchases.userId, tokenLedger.userId),
      ),
    )
    .where(
      and(
        eq(tokenLedger.userId, userId),
        page.cursor === undefined ? undefined : newestFirst.after(sql`${page.cursor}`),
        // An empty list means "no filter", like an absent one: a client clearing every chip sees all.
        page.kinds?.length ? inArray(tokenLedger.kind, page.kinds) : undefined,
      ),
    )
    .orderBy(...newestFirst.orderBy)
    .limit(page.limit);

  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    kind: row.kind,
    delta: row.delta,
    balanceAfter: row.balanceAfter,
    note: row.note,
    subject: subjectOf(row),
  }));
}

function subjectOf(row: {
  kind: LedgerKind;
  note: string | null;
  referenceType: string;
  referenceId: string;
  styleId: string | null;
  styleName: string | null;
  failureReason: string | null;
  packageId: string | null;
  purchaseStatus: PurchaseStatus | null;
}): HistorySubject {
  if (row.referenceType === 'generation') {
    return {
      type: 'generation',
      generationId: row.referenceId,
      styleId: row.styleId,
      styleName: row.styleName,
      // The refund's note is the reason it was given; it stands in when the generation row has none.
      reason: row.kind === 'generation_refund' ? (row.failureReason ?? row.note) : null,
    };
  }
  if (row.referenceType === 'purchase') {
    return {
      type: 'purchase',
      purchaseId: row.referenceId,
      packageId: row.packageId,
      status: row.purchaseStatus,
    };
  }
  return { type: 'other', referenceType: row.referenceType, id: row.referenceId };
}

/** The user's entries newest first, `input.limit` at a time, optionally only some kinds. */
export async function listHistory(db: Db, userId: string, input: HistoryInput): Promise<HistoryPage> {
  // One extra row says whether an older page exists without a count query.
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) => fetchPage(db, userId, { ...input, limit: fetchLimit }),
    (last) => last.id,
  );
  return { entries: page, nextCursor };
}

// ── CSV export ──────────────────────────────────────────────────────────────────────────────────────

const CSV_BATCH = 500;

export const CSV_COLUMNS = [
  'id',
  'created_at',
  'kind',
  'delta',
  'balance_after',
  'subject_type',
  'subject_id',
  'style_id',
  'style_name',
  'package_id',
  'purchase_status',
  'reason',
  'note',
] as const;

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (leading = + - @, or a tab
 * or carriage return that some parse past) gets a leading apostrophe: style names and notes are typed
 * by other users. Numbers are ours and pass unchanged, so a charge's "-5" stays a number.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvRow(fields: (string | number | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvLine(entry: HistoryEntry): string {
  const s = entry.subject;
  return csvRow([
    entry.id,
    entry.createdAt,
    entry.kind,
    entry.delta,
    entry.balanceAfter,
    s.type === 'other' ? s.referenceType : s.type,
    s.type === 'generation' ? s.generationId : s.type === 'purchase' ? s.purchaseId : s.id,
    s.type === 'generation' ? s.styleId : null,
    s.type === 'generation' ? s.styleName : null,
    s.type === 'purchase' ? s.packageId : null,
    s.type === 'purchase' ? s.status : null,
    s.type === 'generation' ? s.reason : null,
    entry.note,
  ]);
}

/**
 * Every entry of the user (optionally only some kinds), newest first, as CSV text in chunks: the header
 * with the first batch, then one chunk per batch. Batches walk the same keyset as the pages, so memory
 * stays flat however long the history, and the file holds exactly the entries that existed when the
 * first batch was read.
 */
export async function* historyCsv(db: Db, userId: string, kinds?: LedgerKind[]): AsyncGenerator<string> {
  let chunk = csvRow([...CSV_COLUMNS]);
  let cursor: number | undefined;
  for (;;) {
    const batch = await fetchPage(db, userId, { cursor, limit: CSV_BATCH, kinds });
    for (const entry of batch) chunk += csvLine(entry);
    yield chunk;
    if (batch.length < CSV_BATCH) return;
    cursor = batch.at(-1)!.id;
    chunk = '';
  }
}
