import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import type { HistoryInput } from '@style-license/shared';
import { buildApp } from '../src/app';
import { CSV_COLUMNS, listHistory, type HistoryEntry } from '../src/domains/tokens/history';
import { applyMovement, charge, creditPurchase, earn, refund } from '../src/domains/tokens/ledger';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

/** RFC 4180 reader: enough to prove the writer's quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\r')) {
      field += c;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe('token history (real PostgreSQL)', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  let artistId: string;
  const db = () => deps.database.db;

  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
    artistId = (await signInAs(deps, { role: 'artist' })).user.id;
  });
  afterAll(async () => {
    await app?.close();
    await deps?.dispose();
  });

  const page = (userId: string, input: Partial<HistoryInput> = {}) =>
    listHistory(db(), userId, { limit: 20, ...input });
  /** Every entry, following nextCursor; `between` runs after each page (to write more entries). */
  async function walk(userId: string, input: Partial<HistoryInput>, between?: () => Promise<void>) {
    const seen: HistoryEntry[] = [];
    let cursor: number | undefined;
    do {
      const result = await page(userId, { ...input, cursor });
      seen.push(...result.entries);
      cursor = result.nextCursor ?? undefined;
      await between?.();
    } while (cursor !== undefined);
    return seen;
  }
  const ledgerIds = async (userId: string) =>
    (await db().select().from(schema.tokenLedger).where(eq(schema.tokenLedger.userId, userId)))
      .map((e) => e.id)
      .sort((a, b) => b - a);
  const newStyle = async (name: string) =>
    (await db().insert(schema.styles).values({ artistId, name, priceTokens: 5 }).returning())[0]!;
  const newGeneration = async (ownerId: string, styleId: string) =>
    (
      await db()
        .insert(schema.generations)
        .values({ ownerId, styleId, seed: 1, costTokens: 5, idempotencyKey: randomUUID() })
        .returning()
    )[0]!;
  const buyer = async (tokens = 1000) => {
    const who = await signInAs(deps);
    await creditPurchase(db(), { userId: who.user.id, amount: tokens, purchaseId: randomUUID() });
    return who;
  };
  const chargeOne = (userId: string, amount = 1) => {
    const ref = { type: 'generation', id: randomUUID() };
    return charge(db(), { userId, amount, ref, key: `charge:${ref.id}` });
  };

  it('pages walk every entry newest first, none twice or missed, while new entries are written', async () => {
    const { user } = await buyer();
    for (let i = 0; i < 24; i++) await chargeOne(user.id);
    const before = await ledgerIds(user.id);

    const seen = await walk(user.id, { limit: 7 }, async () => {
      await chargeOne(user.id); // lands above the cursor: offsets would shift every later page by one
    });

    expect(seen.map((e) => e.id)).toEqual(before);
    expect(seen.map((e) => e.balanceAfter)).toEqual(before.map((_, i) => 976 + i));
    const fresh = await walk(user.id, { limit: 100 });
    expect(fresh).toHaveLength(before.length + 4);
    expect(fresh.slice(4).map((e) => e.id)).toEqual(before);
  });

  it('the last page has no cursor, and an exact multiple of the limit ends without an empty page', async () => {
    const { user } = await buyer();
    for (let i = 0; i < 3; i++) await chargeOne(user.id);
    const first = await page(user.id, { limit: 2 });
    expect(first.nextCursor).toBe(first.entries[1]!.id);
    const second = await page(user.id, { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.entries).toHaveLength(2);
  });

  it('filters by kind across pages, and an empty kinds list means all kinds', async () => {
    const { user } = await buyer();
    const charged: string[] = [];
    for (let i = 0; i < 5; i++) charged.push((await chargeOne(user.id, 2)).entry.referenceId);
    await refund(db(), { type: 'generation', id: charged[1]! }, 'worker crashed');
    await refund(db(), { type: 'generation', id: charged[3]! }, 'worker crashed');

    const refunds = await walk(user.id, { kinds: ['generation_refund'], limit: 1 });
    expect(refunds.map((e) => [e.kind, e.delta])).toEqual([
      ['generation_refund', 2],
      ['generation_refund', 2],
    ]);
    const money = await walk(user.id, { kinds: ['purchase', 'generation_refund'], limit: 2 });
    expect(money.map((e) => e.kind)).toEqual(['generation_refund', 'generation_refund', 'purchase']);
    expect((await page(user.id, { kinds: [] })).entries).toHaveLength(8);
  });

  it('names what each entry was for: style and image of a charge, reason of a refund, package of a purchase', async () => {
    const who = await signInAs(deps);
    const [purchase] = await db()
      .insert(schema.purchases)
      .values({
        userId: who.user.id,
        packageId: 'tokens_100',
        tokens: 100,
        amount: 10_000,
        currency: 'krw',
        status: 'paid',
        provider: 'dev',
      })
      .returning();
    await creditPurchase(db(), { userId: who.user.id, amount: 100, purchaseId: purchase!.id });
    const style = await newStyle('Ink Wash');
    const generation = await newGeneration(who.user.id, style.id);
    const ref = { type: 'generation', id: generation.id };
    await charge(db(), { userId: who.user.id, amount: 5, ref, key: `charge:${ref.id}` });
    await db()
      .update(schema.generations)
      .set({ status: 'failed', failureReason: 'GPU out of memory' })
      .where(eq(schema.generations.id, generation.id));
    await refund(db(), ref, 'generation failed');

    const { entries } = await page(who.user.id);
    expect(entries.map((e) => [e.kind, e.delta, e.balanceAfter])).toEqual([
      ['generation_refund', 5, 100],
      ['generation_charge', -5, 95],
      ['purchase', 100, 100],
    ]);
    expect(entries[0]!.subject).toEqual({
      type: 'generation',
      generationId: generation.id,
      styleId: style.id,
      styleName: 'Ink Wash',
      reason: 'GPU out of memory',
    });
    expect(entries[1]!.subject).toMatchObject({ styleName: 'Ink Wash', reason: null });
    expect(entries[2]!.subject).toEqual({
      type: 'purchase',
      purchaseId: purchase!.id,
      packageId: 'tokens_100',
      status: 'paid',
    });
    expect(entries[2]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    // The artist's earning names the same style.
    await earn(db(), { artistId, amount: 5, ref });
    expect((await page(artistId, { kinds: ['artist_earning'] })).entries[0]!.subject).toMatchObject({
      type: 'generation',
      styleName: 'Ink Wash',
    });
  });

  it('keeps entries whose generation or purchase row is missing, and other references as they are', async () => {
    const { user } = await buyer(50); // the purchase row was never written: only the ledger knows it
    const charged = await chargeOne(user.id, 3); // no generation row either
    await refund(db(), { type: 'generation', id: charged.entry.referenceId }, 'never started');
    const adjustmentId = randomUUID();
    await applyMovement(db(), {
      userId: user.id,
      delta: 7,
      kind: 'adjustment',
      ref: { type: 'adjustment', id: adjustmentId },
      key: `adjustment:${adjustmentId}`,
      note: 'support goodwill',
    });

    const { entries } = await page(user.id);
    expect(entries.map((e) => e.subject)).toEqual([
      { type: 'other', referenceType: 'adjustment', id: adjustmentId },
      {
        type: 'generation',
        generationId: charged.entry.referenceId,
        styleId: null,
        styleName: null,
        reason: 'never started',
      },
      {
        type: 'generation',
        generationId: charged.entry.referenceId,
        styleId: null,
        styleName: null,
        reason: null,
      },
      { type: 'purchase', purchaseId: expect.any(String), packageId: null, status: null },
    ]);
  });

  it("never shows another user's entries, whatever the cursor", async () => {
    const alice = await buyer();
    const bob = await buyer();
    await chargeOne(alice.user.id);
    await chargeOne(bob.user.id);
    const aliceIds = await ledgerIds(alice.user.id);

    const res = await callTrpc(app, 'tokens.history', {
      headers: bob.bearer,
      input: { cursor: aliceIds[0]! + 1000, limit: 100 },
    });
    expect(res.status).toBe(200);
    const ids = (res.data as { entries: HistoryEntry[] }).entries.map((e) => e.id);
    expect(ids).toEqual(await ledgerIds(bob.user.id));
    expect(ids.some((id) => aliceIds.includes(id))).toBe(false);
  });

  it('serves pages over tRPC to a signed-in user only, and refuses bad input', async () => {
    const { user, browser } = await buyer();
    await chargeOne(user.id);
    const res = await callTrpc(app, 'tokens.history', { headers: browser, input: { limit: 1 } });
    expect(res.data).toMatchObject({ entries: [{ kind: 'generation_charge', delta: -1 }] });
    expect((res.data as { nextCursor: number }).nextCursor).toEqual(expect.any(Number));

    expect((await callTrpc(app, 'tokens.history', { input: {} })).status).toBe(401);
    const bad = await callTrpc(app, 'tokens.history', { headers: browser, input: { kinds: ['gift'] } });
    expect(bad.status).toBe(400);
  });

  describe('CSV export', () => {
    const csv = (headers: Record<string, string> = {}, query = '') =>
      app.inject({ method: 'GET', url: `/tokens/history.csv${query}`, headers });

    it('has a header and every entry (past one batch), newest first, as an attachment', async () => {
      const { user, bearer } = await buyer(1000);
      for (let i = 0; i < 520; i++) await chargeOne(user.id);
      const res = await csv(bearer);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="style-license-history.csv"');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.body.endsWith('\r\n')).toBe(true);

      const [header, ...rows] = parseCsv(res.body);
      expect(header).toEqual([...CSV_COLUMNS]);
      expect(rows.map((r) => Number(r[0]))).toEqual(await ledgerIds(user.id));
      expect(rows[0]!.slice(2, 6)).toEqual(['generation_charge', '-1', '480', 'generation']);
      expect(rows.at(-1)!.slice(2, 6)).toEqual(['purchase', '1000', '1000', 'purchase']);
      expect(new Date(rows[0]![1]!).toISOString()).toBe(rows[0]![1]);
    });

    it('quotes commas, quotes and newlines, and defuses text a spreadsheet would run as a formula', async () => {
      const { user, browser } = await buyer();
      const names = ['Ink, "Wash"\r\nNight', '=HYPERLINK("http://evil.test","x")', '+1', '-2', '@SUM(A1)'];
      for (const name of names) {
        const generation = await newGeneration(user.id, (await newStyle(name)).id);
        const ref = { type: 'generation', id: generation.id };
        await charge(db(), { userId: user.id, amount: 1, ref, key: `charge:${ref.id}` });
      }
      const res = await csv({ cookie: browser.cookie });
      expect(res.statusCode).toBe(200);
      const rows = parseCsv(res.body).slice(1);
      const styleNames = rows
        .map((r) => r[8])
        .slice(0, names.length)
        .reverse();
      expect(styleNames).toEqual([
        'Ink, "Wash"\r\nNight',
        `'=HYPERLINK("http://evil.test","x")`,
        "'+1",
        "'-2",
        "'@SUM(A1)",
      ]);
      expect(res.body).toContain('"Ink, ""Wash""\r\nNight"');
      expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
      expect(rows[0]![3]).toBe('-1'); // our own numbers are not defused
    });

    it('filters by kinds (comma list) and refuses an unknown kind', async () => {
      const { user, bearer } = await buyer();
      await chargeOne(user.id);
      const rows = parseCsv((await csv(bearer, '?kinds=purchase,artist_earning')).body);
      expect(rows.slice(1).map((r) => r[2])).toEqual(['purchase']);
      const bad = await csv(bearer, '?kinds=purchase,gift');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('answers 401 with a JSON error without a valid session, and holds only your own entries', async () => {
      const refused: Record<string, string>[] = [
        {},
        { authorization: 'Bearer nope' },
        { cookie: 'sl_session=nope' },
      ];
      for (const headers of refused) {
        const res = await csv(headers);
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
      }
      const alice = await buyer();
      const bob = await buyer(7);
      await chargeOne(alice.user.id);
      const rows = parseCsv((await csv(bob.bearer)).body).slice(1);
      expect(rows.map((r) => Number(r[0]))).toEqual(await ledgerIds(bob.user.id));
    });
  });
});
