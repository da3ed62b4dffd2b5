/**
 * The only code that moves tokens. Every balance change is one append-only ledger entry written in the
 * same transaction as the wallet update, with the wallet row locked (SELECT … FOR UPDATE).
 * Invariants, checked by tests over the whole database:
 * - for every wallet, balance = sum(ledger.delta) and every entry's balance_after chains to the next;
 * - no balance is ever below zero (also a CHECK in the database) nor above MAX_WALLET_BALANCE (int4);
 * - an idempotency key is written at most once, so a retried charge, refund or earning counts once.
 */
import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, MAX_WALLET_BALANCE, tokenAmountSchema, type LedgerKind } from '@style-license/shared';

const { tokenLedger, wallets } = schema;

export interface LedgerRef {
  /** What the movement is for: 'purchase', 'generation' or 'adjustment'. */
  type: string;
  id: string;
}

export type LedgerEntry = typeof tokenLedger.$inferSelect;

export interface Movement {
  userId: string;
  /** Signed: negative takes tokens out. */
  delta: number;
  kind: LedgerKind;
  ref: LedgerRef;
  key: string;
  note?: string;
}

function assertAmount(amount: unknown): number {
  const parsed = tokenAmountSchema.safeParse(amount);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'Token amounts are whole numbers from 1 to 1,000,000', {
      details: [{ path: 'amount', rule: 'token_amount', message: `got ${String(amount)}` }],
    });
  }
  return parsed.data;
}

/** The database would refuse these with an error that reads as ours (INTERNAL); say what is wrong. */
function assertDelta(delta: number): void {
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_WALLET_BALANCE) {
    throw new AppError(
      'VALIDATION_FAILED',
      'A token movement is a non-zero whole number within the balance range',
      {
        details: [{ path: 'delta', rule: 'token_delta', message: `got ${String(delta)}` }],
      },
    );
  }
}

function balanceLimitReached(balance: number, delta: number): AppError {
  return new AppError('VALIDATION_FAILED', `A wallet holds at most ${MAX_WALLET_BALANCE} tokens`, {
    details: [{ path: 'balance', rule: 'balance_limit', message: `${balance} + ${delta} is over the limit` }],
  });
}

async function findByKey(tx: Db, key: string): Promise<LedgerEntry | undefined> {
  const [entry] = await tx.select().from(tokenLedger).where(eq(tokenLedger.idempotencyKey, key));
  return entry;
}

/**
 * Applies one movement, or returns the entry already written under its key. The wallet lock makes
 * concurrent movements on one wallet run one after another, so the balance check cannot race.
 */
export async function applyMovement(
  db: Db,
  movement: Movement,
): Promise<{ entry: LedgerEntry; replayed: boolean }> {
  assertDelta(movement.delta);
  return db.transaction(async (tx) => {
    const [wallet] = await tx.select().from(wallets).where(eq(wallets.userId, movement.userId)).for('update');
    if (!wallet) throw new AppError('NOT_FOUND', 'No wallet for this user');
    const existing = await findByKey(tx, movement.key);
    if (existing) return { entry: existing, replayed: true };
    const balanceAfter = wallet.balance + movement.delta;
    if (balanceAfter > MAX_WALLET_BALANCE) throw balanceLimitReached(wallet.balance, movement.delta);
    if (balanceAfter < 0) {
      throw new AppError(
        'INSUFFICIENT_CREDITS',
        `This needs ${-movement.delta} tokens; you have ${wallet.balance}`,
      );
    }
    const [entry] = await tx
      .insert(tokenLedger)
      .values({
        userId: movement.userId,
        delta: movement.delta,
        balanceAfter,
        kind: movement.kind,
        referenceType: movement.ref.type,
        referenceId: movement.ref.id,
        idempotencyKey: movement.key,
        note: movement.note,
      })
      .returning();
    await tx
      .update(wallets)
      .set({ balance: balanceAfter, updatedAt: new Date() })
      .where(eq(wallets.userId, movement.userId));
    return { entry: entry!, replayed: false };
  });
}

/** Takes `amount` tokens for `ref`; INSUFFICIENT_CREDITS (and nothing written) when short. */
export async function charge(
  db: Db,
  input: { userId: string; amount: number; ref: LedgerRef; key: string; note?: string },
) {
  const amount = assertAmount(input.amount);
  return applyMovement(db, { ...input, delta: -amount, kind: 'generation_charge' });
}

/**
 * Returns exactly what was charged for `ref`, once, however often and concurrently it is called.
 * Resolves to null when nothing was charged for it (nothing to refund).
 */
export async function refund(db: Db, ref: LedgerRef, reason: string): Promise<LedgerEntry | null> {
  const charges = await db
    .select()
    .from(tokenLedger)
    .where(
      and(
        eq(tokenLedger.referenceType, ref.type),
        eq(tokenLedger.referenceId, ref.id),
        eq(tokenLedger.kind, 'generation_charge'),
      ),
    );
  const charged = charges.reduce((sum, c) => sum - c.delta, 0);
  if (charged <= 0) return null;
  const { entry } = await applyMovement(db, {
    userId: charges[0]!.userId,
    delta: charged,
    kind: 'generation_refund',
    ref,
    key: `refund:${ref.type}:${ref.id}`,
    note: reason,
  });
  return entry;
}

/** Credits the artist what was spent on their style for `ref`, once. */
export async function earn(
  db: Db,
  input: { artistId: string; amount: number; ref: LedgerRef; note?: string },
) {
  const amount = assertAmount(input.amount);
  return applyMovement(db, {
    userId: input.artistId,
    delta: amount,
    kind: 'artist_earning',
    ref: input.ref,
    key: `earn:${input.ref.type}:${input.ref.id}`,
    note: input.note,
  });
}

/** Credits a paid purchase, once per purchase. */
export async function creditPurchase(
  db: Db,
  input: { userId: string; amount: number; purchaseId: string; note?: string },
) {
  const amount = assertAmount(input.amount);
  return applyMovement(db, {
    userId: input.userId,
    delta: amount,
    kind: 'purchase',
    ref: { type: 'purchase', id: input.purchaseId },
    key: `purchase:${input.purchaseId}`,
    note: input.note,
  });
}

export async function balanceOf(db: Db, userId: string): Promise<number> {
  const [wallet] = await db
    .select({ balance: wallets.balance })
    .from(wallets)
    .where(eq(wallets.userId, userId));
  if (!wallet) throw new AppError('NOT_FOUND', 'No wallet for this user');
  return wallet.balance;
}

/** Wallets that break an invariant (empty when the books are right). */
export async function auditLedger(
  db: Db,
): Promise<{ userId: string; balance: number; ledgerSum: number; chainBreaks: number }[]> {
  const result = (await db.execute(sql`
    WITH chained AS (
      SELECT user_id, delta, balance_after,
             lag(balance_after, 1, 0) OVER (PARTITION BY user_id ORDER BY id) AS before
      FROM token_ledger
    )
    SELECT w.user_id AS "userId", w.balance,
           coalesce(sum(c.delta), 0)::int AS "ledgerSum",
           count(*) FILTER (WHERE c.before + c.delta <> c.balance_after OR c.balance_after < 0)::int AS "chainBreaks"
    FROM wallets w LEFT JOIN chained c ON c.user_id = w.user_id
    GROUP BY w.user_id, w.balance
    HAVING w.balance <> coalesce(sum(c.delta), 0)
        OR count(*) FILTER (WHERE c.before + c.delta <> c.balance_after OR c.balance_after < 0) > 0
  `)) as unknown as { rows: { userId: string; balance: number; ledgerSum: number; chainBreaks: number }[] };
  return result.rows;
}
