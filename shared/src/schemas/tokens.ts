// Token packages (defined once, here) and the inputs of the tokens and payments APIs.
import { z } from 'zod';
import { LEDGER_KINDS } from '../domain';

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
