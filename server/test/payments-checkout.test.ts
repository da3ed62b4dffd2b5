// Starting a checkout: the Stripe path against a local fake of Stripe's API, and the development
// checkout end to end over real HTTP (page, pay, credited once, only by its owner, never beside Stripe).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { TOKEN_PACKAGES } from '@style-license/shared';
import { SESSION_COOKIE } from '../src/domains/auth/credentials';
import { createSession } from '../src/domains/auth/sessions';
import { auditLedger, balanceOf } from '../src/domains/tokens/ledger';
import { Browser, type Hop } from './browser';
import {
  STRIPE_ENV,
  checkoutEvent,
  deliver,
  purchaseEntries,
  purchaseRow,
  startFakeStripe,
} from './payments-support';
import { signInAs, startTestServer } from './support';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Buyer = Awaited<ReturnType<typeof signInAs>>;

/** A tRPC call over real HTTP as `who` (a same-origin browser with the CSRF header). */
async function trpc(server: Server, who: Buyer | null, path: string, input?: unknown, mutation = false) {
  const headers = who ? who.browser : {};
  const hop = mutation
    ? await new Browser().request(`${server.base}/trpc/${path}`, { json: input ?? {}, headers })
    : await new Browser().request(
        `${server.base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
        { headers },
      );
  const body = JSON.parse(hop.body) as { result?: { data: unknown }; error?: { data: { code: string } } };
  return { status: hop.status, data: body.result?.data as Record<string, unknown>, error: body.error };
}

const startCheckout = async (server: Server, who: Buyer) =>
  (await trpc(server, who, 'payments.createCheckout', { packageId: 'tokens_100' }, true)).data as {
    purchaseId: string;
    url: string;
  };

describe('Stripe checkout', () => {
  let server: Server;
  let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
  beforeAll(async () => {
    stripe = await startFakeStripe();
    server = await startTestServer({ ...STRIPE_ENV, STRIPE_API_BASE: stripe.apiBase });
  });
  afterAll(async () => {
    if (server) expect(await auditLedger(server.db)).toEqual([]);
    await server?.stop();
    await stripe?.close();
  });

  it('lists the packages to anyone', async () => {
    expect((await trpc(server, null, 'payments.packages')).data).toEqual(TOKEN_PACKAGES);
  });

  it('creates a KRW Checkout Session naming the purchase, with the purchase id as idempotency key', async () => {
    const alice = await signInAs(server.deps);
    const { purchaseId, url } = await startCheckout(server, alice);
    const call = stripe.calls.at(-1)!;
    expect(call).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions' });
    expect(call.headers['idempotency-key']).toBe(purchaseId);
    expect(call.headers.authorization).toBe(`Bearer ${STRIPE_ENV.STRIPE_SECRET_KEY}`);
    const form = Object.fromEntries(call.form);
    expect(form).toMatchObject({
      mode: 'payment',
      client_reference_id: purchaseId,
      'metadata[purchaseId]': purchaseId,
      'metadata[userId]': alice.user.id,
      'metadata[packageId]': 'tokens_100',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'krw',
      'line_items[0][price_data][unit_amount]': '10000',
    });
    expect(form.success_url).toContain(`purchase=${purchaseId}`);
    const row = await purchaseRow(server.db, purchaseId);
    expect(url).toBe(`https://checkout.stripe.test/c/pay/${row.providerSessionId}`);
    expect(row).toMatchObject({ status: 'pending', provider: 'stripe', tokens: 100, amount: 10_000 });

    // Stripe's webhook then completes exactly that purchase.
    expect((await deliver(server.base, checkoutEvent(row))).status).toBe(200);
    expect(await balanceOf(server.db, alice.user.id)).toBe(100);
    expect((await trpc(server, alice, 'payments.purchase', { id: purchaseId })).data).toMatchObject({
      status: 'paid',
      tokens: 100,
    });
  });

  it('shows a purchase only to its buyer', async () => {
    const alice = await signInAs(server.deps);
    const { purchaseId } = await startCheckout(server, alice);
    const bob = await signInAs(server.deps);
    expect((await trpc(server, bob, 'payments.purchase', { id: purchaseId })).error?.data.code).toBe(
      'NOT_FOUND',
    );
    // Signed out (a same-origin request without the session cookie): nobody to bill.
    const signedOut = { ...bob, browser: { ...bob.browser, cookie: '' } };
    const anonymous = await trpc(
      server,
      signedOut,
      'payments.createCheckout',
      { packageId: 'tokens_100' },
      true,
    );
    expect(anonymous.error?.data.code).toBe('UNAUTHORIZED');
  });

  it('has no development checkout when Stripe is configured', async () => {
    const alice = await signInAs(server.deps);
    const { purchaseId } = await startCheckout(server, alice);
    const browser = new Browser();
    const headers = { cookie: alice.browser.cookie };
    expect((await browser.request(`${server.base}/dev-checkout/${purchaseId}`, { headers })).status).toBe(
      404,
    );
    const pay = await browser.request(`${server.base}/dev-checkout/${purchaseId}/pay`, {
      form: { token: 'x' },
      headers,
    });
    expect(pay.status).toBe(404);
    expect(await balanceOf(server.db, alice.user.id)).toBe(0);
  });
});

describe('Stripe checkout when Stripe refuses', () => {
  it('answers INTERNAL and closes the purchase as failed (nobody could pay it)', async () => {
    const stripe = await startFakeStripe({ fail: true });
    const server = await startTestServer({ ...STRIPE_ENV, STRIPE_API_BASE: stripe.apiBase });
    try {
      const alice = await signInAs(server.deps);
      const res = await trpc(server, alice, 'payments.createCheckout', { packageId: 'tokens_500' }, true);
      expect(res.status).toBe(500);
      const [purchase] = await server.db.select().from(schema.purchases);
      expect(purchase).toMatchObject({ status: 'failed', userId: alice.user.id, providerSessionId: null });
    } finally {
      await server.stop();
      await stripe.close();
    }
  });
});

describe('development checkout, end to end', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    if (server) expect(await auditLedger(server.db)).toEqual([]);
    await server?.stop();
  });

  const page = (who: Buyer | null, url: string) =>
    new Browser().request(url, { headers: who ? { cookie: who.browser.cookie } : {} });
  const pay = (who: Buyer | null, purchaseId: string, token: string) =>
    new Browser().request(`${server.base}/dev-checkout/${purchaseId}/pay`, {
      form: { token },
      headers: who ? { cookie: who.browser.cookie } : {},
    });
  const tokenOf = (hop: Hop) => /name="token" value="([^"]+)"/.exec(hop.body)![1]!;

  it('lets a newcomer buy 100 tokens through the labelled page and see the purchase in their history', async () => {
    const alice = await signInAs(server.deps);
    const { purchaseId, url } = await startCheckout(server, alice);
    expect(url).toBe(`${server.base}/dev-checkout/${purchaseId}`);

    const shown = await page(alice, url);
    expect(shown.status).toBe(200);
    expect(shown.headers['content-type']).toMatch(/^text\/html/);
    expect(shown.body).toContain('Development payment — no money moves');
    expect(shown.body).toContain('100 tokens');
    expect(shown.body).toContain(`checkout=cancelled`);

    const paid = await pay(alice, purchaseId, tokenOf(shown));
    expect(paid.status).toBe(303);
    expect(paid.location).toBe(`${server.base}/?purchase=${purchaseId}`);

    expect((await trpc(server, alice, 'tokens.balance')).data).toEqual({ balance: 100 });
    expect((await trpc(server, alice, 'payments.purchase', { id: purchaseId })).data).toMatchObject({
      status: 'paid',
    });
    const history = (await trpc(server, alice, 'tokens.history', {})).data as { entries: unknown[] };
    expect(history.entries).toMatchObject([
      { kind: 'purchase', delta: 100, subject: { type: 'purchase', purchaseId, status: 'paid' } },
    ]);

    // A double click pays again: the second event changes nothing.
    expect((await pay(alice, purchaseId, tokenOf(shown))).status).toBe(303);
    expect(await balanceOf(server.db, alice.user.id)).toBe(100);
    expect(await purchaseEntries(server.db, purchaseId)).toHaveLength(1);
    expect((await page(alice, url)).body).not.toContain('<form');
  });

  it('lets nobody but the buyer see or pay the purchase', async () => {
    const alice = await signInAs(server.deps);
    const bob = await signInAs(server.deps);
    const { purchaseId, url } = await startCheckout(server, alice);
    const token = tokenOf(await page(alice, url));

    expect((await page(bob, url)).status).toBe(404);
    expect((await pay(bob, purchaseId, token)).status).toBe(404);
    expect((await page(null, url)).status).toBe(401);
    expect((await pay(null, purchaseId, token)).status).toBe(401);
    expect((await page(alice, `${server.base}/dev-checkout/not-a-uuid`)).status).toBe(404);
    expect(await balanceOf(server.db, alice.user.id)).toBe(0);
    expect((await purchaseRow(server.db, purchaseId)).status).toBe('pending');
  });

  it('requires the page’s form token, bound to the purchase and the session (CSRF)', async () => {
    const alice = await signInAs(server.deps);
    const first = await startCheckout(server, alice);
    const second = await startCheckout(server, alice);
    const firstToken = tokenOf(await page(alice, first.url));

    const before = server.captured.lines.length;
    expect((await pay(alice, first.purchaseId, '')).status).toBe(403);
    expect((await pay(alice, second.purchaseId, firstToken)).status).toBe(403);
    // Alice signed in elsewhere holds her cookie but not this page: the token does not carry over.
    const { token: elsewhere } = await createSession(server.db, {
      userId: alice.user.id,
      kind: 'web',
      ttlDays: 1,
    });
    const otherSession = {
      ...alice,
      browser: { ...alice.browser, cookie: `${SESSION_COOKIE}=${elsewhere}` },
    };
    expect((await pay(otherSession, first.purchaseId, firstToken)).status).toBe(403);
    expect(
      server.captured.lines
        .slice(before)
        .filter((l) => l.msg === 'development payment refused' && l.level === 40),
    ).toHaveLength(3);
    expect(await balanceOf(server.db, alice.user.id)).toBe(0);
  });

  it('leaves a cancelled purchase pending, crediting nothing', async () => {
    const alice = await signInAs(server.deps);
    const { purchaseId, url } = await startCheckout(server, alice);
    const cancel = /href="([^"]*checkout=cancelled[^"]*)"/.exec((await page(alice, url)).body)![1]!;
    expect(cancel.replaceAll('&#38;', '&')).toBe(`${server.base}/?purchase=${purchaseId}&checkout=cancelled`);
    expect((await purchaseRow(server.db, purchaseId)).status).toBe('pending');
    expect(await balanceOf(server.db, alice.user.id)).toBe(0);
  });
});
