import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { MAX_WALLET_BALANCE } from '@style-license/shared';
import { applyMovement, auditLedger, balanceOf, creditPurchase, earn } from '../src/domains/tokens/ledger';
import { createTestDeps, signInAs, type TestServerDeps } from './support';

describe('token ledger at the edge of the integer range (real PostgreSQL)', () => {
  let deps: TestServerDeps;
  const db = () => deps.database.db;
  const entriesFor = (userId: string) =>
    db().select().from(schema.tokenLedger).where(eq(schema.tokenLedger.userId, userId));

  /** A wallet `below` tokens short of the most a wallet may hold, reached through the ledger. */
  async function walletNearTheLimit(below: number) {
    const { user } = await signInAs(deps);
    await applyMovement(db(), {
      userId: user.id,
      delta: MAX_WALLET_BALANCE - below,
      kind: 'purchase',
      ref: { type: 'purchase', id: randomUUID() },
      key: `test-fill:${user.id}`,
    });
    return user.id;
  }

  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    expect(await auditLedger(db())).toEqual([]);
    await deps?.dispose();
  });

  it('a credit that would carry a balance past the integer range is VALIDATION_FAILED and writes nothing', async () => {
    const userId = await walletNearTheLimit(500);
    await expect(
      creditPurchase(db(), { userId, amount: 1000, purchaseId: randomUUID() }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ rule: 'balance_limit' }],
    });
    await expect(
      earn(db(), { artistId: userId, amount: 501, ref: { type: 'generation', id: randomUUID() } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await balanceOf(db(), userId)).toBe(MAX_WALLET_BALANCE - 500);
    expect(await entriesFor(userId)).toHaveLength(1);
  });

  it('a credit up to exactly the limit is accepted', async () => {
    const userId = await walletNearTheLimit(500);
    await creditPurchase(db(), { userId, amount: 500, purchaseId: randomUUID() });
    expect(await balanceOf(db(), userId)).toBe(MAX_WALLET_BALANCE);
  });

  it.each([2 ** 31, -(2 ** 31), 0, 1.5, Number.NaN])(
    'a movement of %s is VALIDATION_FAILED before the database is asked (even for a user with no wallet)',
    async (delta) => {
      const movement = {
        userId: randomUUID(),
        delta,
        kind: 'purchase' as const,
        ref: { type: 'purchase', id: randomUUID() },
        key: `test:${randomUUID()}`,
      };
      await expect(applyMovement(db(), movement)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ rule: 'token_delta' }],
      });
    },
  );
});
