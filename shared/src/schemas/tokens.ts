// Token packages (defined once, here) and the inputs of the tokens and payments APIs.
import { z } from 'zod';
import { LEDGER_KINDS, PURCHASE_STATUSES } from '../domain';

/** KRW is a zero-decimal currency: `amount` is in won. */
export const TOKEN_PACKAGES = [
  { id: 'tokens_100', tokens: 100, amount: 10_000, currency: 'krw' },
  { id: 'tokens_500', tokens: 500, amount: 45_000, currency: 'krw' },
  { id: 'tokens_1000', tokens: 1000, amount: 80_000, currency: 'krw' },
] as const;

export type TokenPackage = (typeof TOKEN_PACKAGES)[number];
export type TokenPackageId = TokenPackage['id'];
export const TOKEN_PACKAGE_IDS = TOKEN_PACKAGES.map((p) => p.id) as [TokenPackageId, ...TokenPackageId[]];

export function findTokenPackage(id: string): TokenPackage | undefined {
  return TOKEN_PACKAGES.find((p) => p.id === id);
}

/** The largest single movement of tokens the ledger accepts: bigger is a bug or an attack. */
export const MAX_TOKEN_AMOUNT = 1_000_000;

export const tokenAmountSchema = z.number().int().positive().max(MAX_TOKEN_AMOUNT);

/** Balances and ledger deltas are PostgreSQL `integer`s: nothing may move a wallet past this. */
export const MAX_WALLET_BALANCE = 2_147_483_647;

export const createCheckoutSchema = z.object({ packageId: z.enum(TOKEN_PACKAGE_IDS) });

export const historyInputSchema = z.object({
  /** The `nextCursor` of the previous page; absent for the newest entries. */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(100).default(20),
  kinds: z.array(z.enum(LEDGER_KINDS)).max(LEDGER_KINDS.length).optional(),
});
export type HistoryInput = z.infer<typeof historyInputSchema>;

export const balanceSchema = z.object({ balance: z.number().int() });

/** What a ledger entry was for, named from the rows it refers to (null where a row is gone). */
export const historySubjectSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('generation'),
    generationId: z.string(),
    styleId: z.string().nullable(),
    styleName: z.string().nullable(),
    /** Why the generation failed; set on refunds only. */
    reason: z.string().nullable(),
  }),
  z.object({
    type: z.literal('purchase'),
    purchaseId: z.string(),
    packageId: z.string().nullable(),
    status: z.enum(PURCHASE_STATUSES).nullable(),
  }),
  /** Any other reference (adjustments): a literal `type`, so clients can narrow the union on it. */
  z.object({ type: z.literal('other'), referenceType: z.string(), id: z.string() }),
]);
export type HistorySubject = z.infer<typeof historySubjectSchema>;

export const historyEntrySchema = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  kind: z.enum(LEDGER_KINDS),
  delta: z.number().int(),
  balanceAfter: z.number().int(),
  note: z.string().nullable(),
  subject: historySubjectSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyPageSchema = z.object({
  entries: z.array(historyEntrySchema),
  /** Pass as `cursor` for older entries; null on the last page. */
  nextCursor: z.number().int().nullable(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;
