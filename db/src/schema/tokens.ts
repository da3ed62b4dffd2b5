// Money: one wallet per user, an append-only ledger that explains every balance, and card purchases.
// Invariant (enforced by the tokens service, checked by tests): balance = sum(ledger.delta) per user.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns';
import { ledgerKind, purchaseStatus } from './enums';
import { users } from './accounts';

export const wallets = pgTable(
  'wallets',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    balance: integer('balance').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [check('wallets_balance_nonnegative', sql`${t.balance} >= 0`)],
);

export const tokenLedger = pgTable(
  'token_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => wallets.userId),
    delta: integer('delta').notNull(),
    /** Balance right after this entry: history shows it without summing, and tests can audit the chain. */
    balanceAfter: integer('balance_after').notNull(),
    kind: ledgerKind('kind').notNull(),
    /** What the entry is for: 'purchase' or 'generation', and that row's id. */
    referenceType: text('reference_type').notNull(),
    referenceId: uuid('reference_id').notNull(),
    /** Unique per logical operation, so a retried charge, refund or earning is written once. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    check('token_ledger_delta_nonzero', sql`${t.delta} <> 0`),
    check('token_ledger_balance_after_nonnegative', sql`${t.balanceAfter} >= 0`),
    index('token_ledger_user_created_idx').on(t.userId, t.createdAt),
    index('token_ledger_reference_idx').on(t.referenceType, t.referenceId),
  ],
);

export const purchases = pgTable(
  'purchases',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    packageId: text('package_id').notNull(),
    tokens: integer('tokens').notNull(),
    /** Minor units of `currency` (KRW has none, so won). */
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: purchaseStatus('status').notNull().default('pending'),
    /** 'stripe' or 'dev' (the development checkout). */
    provider: text('provider').notNull(),
    providerSessionId: text('provider_session_id').unique(),
    createdAt: createdAt(),
    paidAt: at('paid_at'),
  },
  (t) => [
    check('purchases_positive', sql`${t.tokens} > 0 AND ${t.amount} > 0`),
    index('purchases_user_created_idx').on(t.userId, t.createdAt),
  ],
);
