// Stripe's checkout webhook against real PostgreSQL: a purchase is credited exactly once, only from a
// verified event for its own session and amount; refusals are typed, logged and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { eq } from 'drizzle-orm';
import { auditLedger, balanceOf } from '../src/domains/tokens/ledger';
import {
  STRIPE_ENV,
  checkoutEvent,
  deliver,
  eventClaimed,
  pendingPurchase,
  purchaseEntries,
  purchaseRow,
} from './payments-support';
import { signInAs, startTestServer } from './support';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('Stripe checkout webhook', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestServer(STRIPE_ENV);
  });
  afterAll(async () => {
    if (server) expect(await auditLedger(server.db)).toEqual([]);
    await server?.stop();
  });

  /** A fresh buyer with an empty wallet and one pending purchase of 100 tokens. */
  async function buyer() {
    const { user } = await signInAs(server.deps);
    const purchase = await pendingPurchase(server.db, user.id);
    return { user, purchase, balance: () => balanceOf(server.db, user.id) };
  }

  const refusals = (what = 'stripe webhook refused') =>
    server.captured.lines.filter((l) => l.msg === what && l.level === 40);

  it('credits a valid signed completed event once: balance, one purchase ledger entry, purchase paid', async () => {
    const { purchase, balance } = await buyer();
    const res = await deliver(server.base, checkoutEvent(purchase));
    expect(res).toEqual({ status: 200, body: { received: true } });
    expect(await balance()).toBe(100);
    const entries = await purchaseEntries(server.db, purchase.id);
    expect(entries).toMatchObject([{ kind: 'purchase', delta: 100, userId: purchase.userId }]);
    const row = await purchaseRow(server.db, purchase.id);
    expect(row.status).toBe('paid');
    expect(row.paidAt).toBeInstanceOf(Date);
  });

  it('credits once when Stripe delivers the same event twice', async () => {
    const { purchase, balance } = await buyer();
    const event = checkoutEvent(purchase);
    expect((await deliver(server.base, event)).status).toBe(200);
    expect(await deliver(server.base, event)).toEqual({ status: 200, body: { received: true } });
    expect(await balance()).toBe(100);
    expect(await purchaseEntries(server.db, purchase.id)).toHaveLength(1);
  });

  it('credits once for two different events about the same session (completed, then async succeeded)', async () => {
    const { purchase, balance } = await buyer();
    await deliver(server.base, checkoutEvent(purchase));
    expect(
      (await deliver(server.base, checkoutEvent(purchase, 'checkout.session.async_payment_succeeded')))
        .status,
    ).toBe(200);
    expect(await balance()).toBe(100);
    expect(await purchaseEntries(server.db, purchase.id)).toHaveLength(1);
  });

  it('credits once when two deliveries race, of the same event or of two events for one session', async () => {
    const same = await buyer();
    const event = checkoutEvent(same.purchase);
    const raced = await Promise.all([deliver(server.base, event), deliver(server.base, event)]);
    expect(raced.map((r) => r.status)).toEqual([200, 200]);
    expect(await same.balance()).toBe(100);

    const two = await buyer();
    await Promise.all([
      deliver(server.base, checkoutEvent(two.purchase)),
      deliver(server.base, checkoutEvent(two.purchase, 'checkout.session.async_payment_succeeded')),
      deliver(server.base, checkoutEvent(two.purchase)),
    ]);
    expect(await two.balance()).toBe(100);
    expect(await purchaseEntries(server.db, two.purchase.id)).toHaveLength(1);
  });

  it('refuses a forged signature or none with 400, logged at warn, changing nothing', async () => {
    const { purchase, balance } = await buyer();
    const event = checkoutEvent(purchase);
    const before = refusals().length;
    const forged = await deliver(server.base, event, { secret: 'whsec_someone_else' });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await deliver(server.base, event, { signature: null })).status).toBe(400);
    expect((await deliver(server.base, event, { signature: 't=1,v1=00' })).status).toBe(400);
    expect(refusals().length - before).toBe(3);
    expect(await balance()).toBe(0);
    expect((await purchaseRow(server.db, purchase.id)).status).toBe('pending');
    expect(await eventClaimed(server.db, event.id)).toBe(false);
  });

  it('refuses a replayed event signed outside the timestamp tolerance, and claims nothing', async () => {
    const { purchase, balance } = await buyer();
    const event = checkoutEvent(purchase);
    const stale = Math.floor(Date.now() / 1000) - 60 * 60;
    const replayed = await deliver(server.base, event, { timestamp: stale });
    expect(replayed.status).toBe(400);
    expect(replayed.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ message: expect.stringMatching(/tolerance/) }],
    });
    expect(await balance()).toBe(0);
    expect(await eventClaimed(server.db, event.id)).toBe(false);
  });

  it('answers an event for an unknown session NOT_FOUND, logged, with no balance change', async () => {
    const { purchase, balance } = await buyer();
    const before = refusals().length;
    const unknownSession = checkoutEvent(purchase, undefined, { id: 'cs_test_nobody_made_this' });
    const res = await deliver(server.base, unknownSession);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
    // Our purchase id paired with another purchase's session is just as unknown.
    const other = await buyer();
    const crossed = checkoutEvent(purchase, undefined, { id: other.purchase.providerSessionId! });
    expect((await deliver(server.base, crossed)).status).toBe(404);
    const garbage = checkoutEvent(purchase, undefined, { metadata: {}, client_reference_id: 'not-a-uuid' });
    expect((await deliver(server.base, garbage)).status).toBe(404);
    expect(refusals().length - before).toBe(3);
    expect(await balance()).toBe(0);
    expect(await other.balance()).toBe(0);
    expect(await eventClaimed(server.db, unknownSession.id)).toBe(false);
  });

  it('refuses an amount or currency that is not the purchase’s: no credit, purchase failed, logged as an error', async () => {
    const { purchase, balance } = await buyer();
    const cheap = checkoutEvent(purchase, undefined, { amount_total: 100 });
    const res = await deliver(server.base, cheap);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ rule: 'amount_mismatch' }] });
    expect(await balance()).toBe(0);
    expect((await purchaseRow(server.db, purchase.id)).status).toBe('failed');
    expect(server.captured.lines.some((l) => l.level === 50 && l.purchaseId === purchase.id)).toBe(true);
    // A correct event arriving afterwards cannot revive a purchase closed as failed.
    expect((await deliver(server.base, checkoutEvent(purchase))).status).toBe(200);
    expect(await balance()).toBe(0);

    const dollars = await buyer();
    expect(
      (await deliver(server.base, checkoutEvent(dollars.purchase, undefined, { currency: 'usd' }))).status,
    ).toBe(400);
    expect(await dollars.balance()).toBe(0);
  });

  it('waits on a completed-but-unpaid session and credits once when the async payment succeeds', async () => {
    const { purchase, balance } = await buyer();
    await deliver(server.base, checkoutEvent(purchase, undefined, { payment_status: 'unpaid' }));
    expect((await purchaseRow(server.db, purchase.id)).status).toBe('pending');
    expect(await balance()).toBe(0);
    const succeeded = checkoutEvent(purchase, 'checkout.session.async_payment_succeeded');
    await deliver(server.base, succeeded);
    await deliver(server.base, succeeded);
    expect(await balance()).toBe(100);
    expect((await purchaseRow(server.db, purchase.id)).status).toBe('paid');
  });

  it('marks a failed async payment failed and an expired session expired, crediting nothing', async () => {
    const failed = await buyer();
    await deliver(server.base, checkoutEvent(failed.purchase, undefined, { payment_status: 'unpaid' }));
    const res = await deliver(
      server.base,
      checkoutEvent(failed.purchase, 'checkout.session.async_payment_failed', { payment_status: 'unpaid' }),
    );
    expect(res.status).toBe(200);
    expect((await purchaseRow(server.db, failed.purchase.id)).status).toBe('failed');
    expect(await failed.balance()).toBe(0);

    const expired = await buyer();
    await deliver(
      server.base,
      checkoutEvent(expired.purchase, 'checkout.session.expired', { payment_status: 'unpaid' }),
    );
    expect((await purchaseRow(server.db, expired.purchase.id)).status).toBe('expired');
    await deliver(server.base, checkoutEvent(expired.purchase));
    expect(await expired.balance()).toBe(0);
  });

  it('acknowledges event types it does not handle, and changes nothing', async () => {
    const { purchase, balance } = await buyer();
    const res = await deliver(server.base, checkoutEvent(purchase, 'payment_intent.succeeded'));
    expect(res).toEqual({ status: 200, body: { received: true } });
    expect(await balance()).toBe(0);
    expect((await purchaseRow(server.db, purchase.id)).status).toBe('pending');
  });

  it('rolls back the event claim with a refusal, so Stripe’s retry succeeds once the cause is gone', async () => {
    const { user, balance } = await buyer();
    // The session id is not stored yet (as if the create call's answer were still on its way).
    const purchase = await pendingPurchase(server.db, user.id, { sessionId: null });
    const event = checkoutEvent({ ...purchase, providerSessionId: 'cs_test_late' });
    expect((await deliver(server.base, event)).status).toBe(404);
    expect(await eventClaimed(server.db, event.id)).toBe(false);
    await server.db
      .update(schema.purchases)
      .set({ providerSessionId: 'cs_test_late' })
      .where(eq(schema.purchases.id, purchase.id));
    expect((await deliver(server.base, event)).status).toBe(200);
    expect(await balance()).toBe(100);
  });
});
