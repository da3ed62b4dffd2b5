/**
 * The authorization matrix's procedures of money: tokens (a wallet's balance and history) and payments
 * (packages, checkout, a purchase). Read with authorization-matrix.rules.ts.
 */
import type { ProcedureTable } from './authorization-matrix.rules';

export const MONEY_PROCEDURES: ProcedureTable = {
  // ── tokens ────────────────────────────────────────────────────────────────────────────────────────
  'tokens.balance': { rule: 'authed' },
  'tokens.history': { rule: 'authed', input: () => ({}) },

  // ── payments ──────────────────────────────────────────────────────────────────────────────────────
  'payments.packages': { rule: 'public' },
  'payments.createCheckout': { rule: 'authed', input: () => ({ packageId: 'tokens_100' }) },
  'payments.purchase': {
    rule: 'owner',
    owner: 'buyer',
    refused: 'NOT_FOUND',
    input: (w) => ({ id: w.purchaseId }),
  },
};
