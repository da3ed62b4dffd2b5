import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { auditLedger, balanceOf, charge, creditPurchase, earn, refund } from '../src/domains/tokens/ledger';
import { createTestDeps, signInAs, type TestServerDeps } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('token ledger (real PostgreSQL)', () => {
  let deps: TestServerDeps;
  const db = () => deps.database.db;
  const entriesFor = (userId: string) =>
    db().select().from(schema.tokenLedger).where(eq(schema.tokenLedger.userId, userId));
  const walletWith = async (balance: number) => {
    const { user } = await signInAs(deps);
    if (balance > 0)
      await creditPurchase(db(), { userId: user.id, amount: balance, purchaseId: randomUUID() });
    return user.id;
  };
  const generation = () => ({ type: 'generation', id: randomUUID() });

  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    // The invariant over the whole database: every balance equals its ledger sum and chain.
    expect(await auditLedger(db())).toEqual([]);
    await deps?.dispose();
  });

  it('double spend: 50 concurrent charges of 10 against 200 → exactly 20 succeed, balance 0 = ledger sum', async () => {
    const userId = await walletWith(200);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => {
        const ref = generation();
        return charge(db(), { userId, amount: 10, ref, key: `charge:${ref.id}` });
      }),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason.code);
    expect(ok).toHaveLength(20);
    expect(refused).toEqual(Array(30).fill('INSUFFICIENT_CREDITS'));
    expect(await balanceOf(db(), userId)).toBe(0);
    const sum = (await entriesFor(userId)).reduce((s, e) => s + e.delta, 0);
    expect(sum).toBe(0);
  });

  it('a charge that cannot be paid writes nothing', async () => {
    const userId = await walletWith(9);
    const ref = generation();
    await expect(charge(db(), { userId, amount: 10, ref, key: `charge:${ref.id}` })).rejects.toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
    });
    expect(await entriesFor(userId)).toHaveLength(1); // only the purchase
    expect(await balanceOf(db(), userId)).toBe(9);
  });

  it('the same charge key twice charges once', async () => {
    const userId = await walletWith(100);
    const ref = generation();
    const [a, b] = await Promise.all([
      charge(db(), { userId, amount: 30, ref, key: `charge:${ref.id}` }),
      charge(db(), { userId, amount: 30, ref, key: `charge:${ref.id}` }),
    ]);
    expect(a.entry.id).toBe(b.entry.id);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(await balanceOf(db(), userId)).toBe(70);
  });

  it('refund twice and concurrently → one refund entry returning exactly what was charged', async () => {
    const userId = await walletWith(100);
    const ref = generation();
    await charge(db(), { userId, amount: 35, ref, key: `charge:${ref.id}` });
    const refunds = await Promise.all([
      refund(db(), ref, 'engine failed'),
      refund(db(), ref, 'engine failed'),
      refund(db(), ref, 'sweeper deadline'),
    ]);
    await refund(db(), ref, 'again later');
    expect(new Set(refunds.map((r) => r!.id)).size).toBe(1);
    const entries = await entriesFor(userId);
    const refundEntries = entries.filter((e) => e.kind === 'generation_refund');
    expect(refundEntries).toHaveLength(1);
    // The concurrent callers race; whichever wins writes the one entry, with its reason.
    expect(refundEntries[0]).toMatchObject({ delta: 35, referenceId: ref.id });
    expect(['engine failed', 'sweeper deadline']).toContain(refundEntries[0]!.note);
    expect(await balanceOf(db(), userId)).toBe(100);
  });

  it('refunding what was never charged does nothing', async () => {
    expect(await refund(db(), generation(), 'nothing to return')).toBeNull();
  });

  it('earn twice → one entry, visible as the artist balance', async () => {
    const artistId = await walletWith(0);
    const ref = generation();
    await Promise.all([earn(db(), { artistId, amount: 12, ref }), earn(db(), { artistId, amount: 12, ref })]);
    await earn(db(), { artistId, amount: 12, ref });
    expect((await entriesFor(artistId)).filter((e) => e.kind === 'artist_earning')).toHaveLength(1);
    expect(await balanceOf(db(), artistId)).toBe(12);
  });

  it.each([
    ['negative', -10],
    ['zero', 0],
    ['fractional', 1.5],
    ['huge', 1_000_001],
    ['not a number', Number.NaN],
    ['a string', '10' as unknown as number],
  ])('refuses a %s amount with VALIDATION_FAILED and changes nothing', async (_name, amount) => {
    const userId = await walletWith(50);
    const ref = generation();
    for (const attempt of [
      () => charge(db(), { userId, amount, ref, key: `charge:${ref.id}` }),
      () => earn(db(), { artistId: userId, amount, ref }),
      () => creditPurchase(db(), { userId, amount, purchaseId: randomUUID() }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(await balanceOf(db(), userId)).toBe(50);
    expect(await entriesFor(userId)).toHaveLength(1);
  });

  it('crash safety: a process killed between ledger insert and balance update leaves neither', async () => {
    const userId = await walletWith(100);
    const refId = randomUUID();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/test/fixtures/charge-killed-before-wallet-update.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: deps.database.url, USER_ID: userId, REF_ID: refId },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    const entries = await entriesFor(userId);
    expect(entries.some((e) => e.referenceId === refId)).toBe(false);
    expect(await balanceOf(db(), userId)).toBe(100);
    // The wallet is not left locked: the next charge goes through.
    await charge(db(), {
      userId,
      amount: 10,
      ref: { type: 'generation', id: refId },
      key: `charge:${refId}`,
    });
    expect(await balanceOf(db(), userId)).toBe(90);
  });
});
