import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import { auditLedger, balanceOf, charge } from '../src/domains/tokens/ledger';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { callTrpc, createTestDeps, type TestServerDeps } from './support';

describe('buying a generation: one charge, one row, one job', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps({ env: { GENERATION_RATE_LIMIT: '1000', API_RATE_LIMIT: '10000' } });
    app = await buildApp(deps);
  });
  afterAll(async () => {
    expect(await auditLedger(deps.database.db)).toEqual([]);
    await app.close();
    await deps.dispose();
  });

  const create = (headers: Record<string, string>, input: unknown) =>
    callTrpc(app, 'generation.create', { input, mutation: true, headers });
  const rowsOf = async (ownerId: string) =>
    deps.database.db.select().from(schema.generations).where(eq(schema.generations.ownerId, ownerId));
  const outboxCount = async () => (await deps.database.db.select({ n: count() }).from(schema.outbox))[0]!.n;

  it('charges the price, creates a queued generation and writes the job in one transaction', async () => {
    const { style } = await readyStyle(deps, { price: 7 });
    const buyer = await buyerWith(deps, 20);
    const before = await outboxCount();
    const res = await create(buyer.browser, generationInput(style));
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    expect(res.data).toMatchObject({ status: 'queued', costTokens: 7, licenseId: null });
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(13);
    expect(await outboxCount()).toBe(before + 1);
    const [job] = await deps.database.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.type, 'generation.requested'));
    expect(job!.payload).toMatchObject({ styleId: style.id, tags: ['portrait'], text: 'a quiet morning' });
  });

  it('returns the same generation for the same idempotency key, charging once; CONFLICT for other input', async () => {
    const { style } = await readyStyle(deps, { price: 5 });
    const buyer = await buyerWith(deps, 50);
    const input = generationInput(style);
    const [a, b] = await Promise.all([create(buyer.browser, input), create(buyer.browser, input)]);
    expect((a.data as { id: string }).id).toBe((b.data as { id: string }).id);
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(45);
    const conflict = await create(buyer.browser, { ...input, text: 'something else' });
    expect(conflict.error?.data.code).toBe('CONFLICT');
    expect(await rowsOf(buyer.user.id)).toHaveLength(1);
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(45);
  });

  it('30 concurrent requests from a wallet that can pay for 10: exactly 10 generations, 20 INSUFFICIENT_CREDITS', async () => {
    const { style } = await readyStyle(deps, { price: 10 });
    const buyer = await buyerWith(deps, 100);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => create(buyer.browser, generationInput(style))),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.error?.data.code === 'INSUFFICIENT_CREDITS')).toHaveLength(20);
    expect(await rowsOf(buyer.user.id)).toHaveLength(10);
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(0);
  });

  it('a reprice racing 20 creates: every charge is the price the buyer saw, or the create is refused', async () => {
    const { artist, style } = await readyStyle(deps, { price: 5 });
    const buyer = await buyerWith(deps, 1000);
    const buy = () => create(buyer.browser, generationInput(style));
    const reprice = () =>
      callTrpc(app, 'styles.update', {
        input: { styleId: style.id, priceTokens: 50 },
        mutation: true,
        headers: artist.browser,
      });
    // One before the reprice, ten racing it, nine after it: both sides of the race are certain to occur.
    const before = await buy();
    const [repriced, ...racing] = await Promise.all([reprice(), ...Array.from({ length: 10 }, buy)]);
    expect(repriced.status, JSON.stringify(repriced.error)).toBe(200);
    const after = await Promise.all(Array.from({ length: 9 }, buy));
    const results = [before, ...racing, ...after];
    const charged = await deps.database.db
      .select()
      .from(schema.tokenLedger)
      .where(eq(schema.tokenLedger.userId, buyer.user.id));
    const charges = charged.filter((entry) => entry.kind === 'generation_charge');
    expect(charges.every((entry) => entry.delta === -5)).toBe(true);
    const refused = results.filter((r) => r.status !== 200);
    expect(before.data).toMatchObject({ costTokens: 5 });
    expect(refused.length).toBeGreaterThanOrEqual(after.length);
    expect(charges).toHaveLength(results.length - refused.length);
    for (const r of refused)
      expect(r.error?.data).toMatchObject({
        code: 'CONFLICT',
        details: [{ path: 'expectedPriceTokens', rule: 'price_changed', value: 50 }],
      });
    // After the reprice a buyer who saw 5 is refused every time, and one who saw 50 pays 50.
    const late = await create(buyer.browser, generationInput(style));
    expect(late.error?.data.code).toBe('CONFLICT');
    const seen = await create(buyer.browser, generationInput({ id: style.id, priceTokens: 50 }));
    expect(seen.data).toMatchObject({ costTokens: 50 });
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(1000 - 5 * charges.length - 50);
  });

  it("a retry racing its own first request across a reprice gets that request's generation, not a price CONFLICT", async () => {
    const { style } = await readyStyle(deps, { price: 5 });
    const buyer = await buyerWith(deps, 100);
    const input = generationInput(style);
    // The first request's transaction has inserted and charged, and has not committed yet.
    let commitFirst!: () => void;
    const held = new Promise<void>((resolve) => (commitFirst = resolve));
    let signalInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (signalInserted = resolve));
    const id = randomUUID();
    const first = deps.database.db.transaction(async (tx) => {
      await tx.insert(schema.generations).values({
        id,
        ownerId: buyer.user.id,
        styleId: style.id,
        promptTags: input.promptTags,
        promptText: input.text,
        seed: 1,
        costTokens: 5,
        idempotencyKey: input.idempotencyKey,
        licenseId: randomUUID(),
      });
      await charge(tx, {
        userId: buyer.user.id,
        amount: 5,
        ref: { type: 'generation', id },
        key: `charge:generation:${id}`,
      });
      signalInserted();
      await held;
    });
    await inserted;
    await deps.database.db
      .update(schema.styles)
      .set({ priceTokens: 7 })
      .where(eq(schema.styles.id, style.id));
    const retry = create(buyer.browser, input);
    await new Promise((r) => setTimeout(r, 300)); // the retry is now waiting on the key
    commitFirst();
    await first;
    const res = await retry;
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    expect(res.data).toMatchObject({ id, costTokens: 5 });
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(95);
  });

  it('refuses a field it does not know rather than dropping it, charging nothing', async () => {
    const { style } = await readyStyle(deps, { price: 5 });
    const buyer = await buyerWith(deps, 100);
    const res = await create(buyer.browser, { ...generationInput(style), maxPriceTokens: 3 });
    expect(res.error?.data.code).toBe('VALIDATION_FAILED');
    const missing = await create(buyer.browser, {
      ...generationInput(style),
      expectedPriceTokens: undefined,
    });
    expect(missing.error?.data.code).toBe('VALIDATION_FAILED');
    expect(await rowsOf(buyer.user.id)).toHaveLength(0);
    expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(100);
  });

  describe('refuses bad requests without charging or writing anything', () => {
    it.each([
      ['21 tags', { promptTags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'VALIDATION_FAILED'],
      ['a 501-character text', { text: 'x'.repeat(501) }, 'VALIDATION_FAILED'],
      ['<script> in the text', { text: 'hello <script>alert(1)</script>' }, 'VALIDATION_FAILED'],
      ['a seed out of range', { seed: 2 ** 31 }, 'VALIDATION_FAILED'],
      ['a negative seed', { seed: -1 }, 'VALIDATION_FAILED'],
      ['a tag outside the vocabulary', { promptTags: ['not-a-known-tag'] }, 'VALIDATION_FAILED'],
    ])('%s', async (_name, change, code) => {
      const { style } = await readyStyle(deps);
      const buyer = await buyerWith(deps, 100);
      const before = await outboxCount();
      const res = await create(buyer.browser, generationInput(style, change));
      expect(res.error?.data.code).toBe(code);
      expect(await rowsOf(buyer.user.id)).toEqual([]);
      expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(100);
      expect(await outboxCount()).toBe(before);
    });

    it.each([
      ['a style that is not ready (draft, someone else’s)', 'draft', 'NOT_FOUND'],
      ['an archived style', 'archived', 'NOT_FOUND'],
    ] as const)('%s', async (_name, status, code) => {
      const { style } = await readyStyle(deps, { status });
      const buyer = await buyerWith(deps, 100);
      const res = await create(buyer.browser, generationInput(style));
      expect(res.error?.data.code).toBe(code);
      expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(100);
    });

    it('a balance one token short: INSUFFICIENT_CREDITS (402)', async () => {
      const { style } = await readyStyle(deps, { price: 10 });
      const buyer = await buyerWith(deps, 9);
      const res = await create(buyer.browser, generationInput(style));
      expect(res.status).toBe(402);
      expect(res.error?.data.code).toBe('INSUFFICIENT_CREDITS');
      expect(await rowsOf(buyer.user.id)).toEqual([]);
      expect(await balanceOf(deps.database.db, buyer.user.id)).toBe(9);
    });
  });

  it('shows the cost before buying', async () => {
    const { style } = await readyStyle(deps, { price: 12 });
    const buyer = await buyerWith(deps, 11);
    const quote = await callTrpc(app, 'generation.quote', {
      input: { styleId: style.id },
      headers: buyer.bearer,
    });
    expect(quote.data).toEqual({ priceTokens: 12, balance: 11, enough: false });
  });

  it('limits generation to 10 per minute per user', async () => {
    const limited = await createTestDeps();
    const limitedApp = await buildApp(limited);
    try {
      const { style } = await readyStyle(limited, { price: 1 });
      const buyer = await buyerWith(limited, 100);
      for (let i = 0; i < 10; i++) {
        expect(
          (
            await callTrpc(limitedApp, 'generation.create', {
              input: generationInput(style),
              mutation: true,
              headers: buyer.browser,
            })
          ).status,
        ).toBe(200);
      }
      const eleventh = await callTrpc(limitedApp, 'generation.create', {
        input: generationInput(style),
        mutation: true,
        headers: buyer.browser,
      });
      expect(eleventh.status).toBe(429);
      expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
      expect(await balanceOf(limited.database.db, buyer.user.id)).toBe(90);
    } finally {
      await limitedApp.close();
      await limited.dispose();
    }
  });
});
