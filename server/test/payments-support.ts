/**
 * Payments test support: Stripe-shaped checkout events signed like Stripe signs them, purchases made
 * straight in the database, a tiny fake of Stripe's HTTP API, and the reads that say whether tokens moved.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { schema, type Db } from '@style-license/db';
import { findTokenPackage } from '@style-license/shared';

export const WEBHOOK_SECRET = 'whsec_test_payments_secret';
export const STRIPE_ENV = { STRIPE_SECRET_KEY: 'sk_test_fake_key', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET };

export type Purchase = typeof schema.purchases.$inferSelect;

/** A pending Stripe purchase of a package, with its Checkout Session id already stored. */
export async function pendingPurchase(
  db: Db,
  userId: string,
  options: { packageId?: string; sessionId?: string | null } = {},
): Promise<Purchase> {
  const pkg = findTokenPackage(options.packageId ?? 'tokens_100')!;
  const [purchase] = await db
    .insert(schema.purchases)
    .values({
      userId,
      packageId: pkg.id,
      tokens: pkg.tokens,
      amount: pkg.amount,
      currency: pkg.currency,
      provider: 'stripe',
      providerSessionId: options.sessionId === undefined ? `cs_test_${randomUUID()}` : options.sessionId,
    })
    .returning();
  return purchase!;
}

export interface SessionOverrides {
  payment_status?: string;
  amount_total?: number;
  currency?: string;
  id?: string;
  client_reference_id?: string;
  metadata?: Record<string, string>;
}

/** A checkout event for `purchase` as Stripe sends it (only the fields the handler reads, and ids). */
export function checkoutEvent(
  purchase: Purchase,
  type = 'checkout.session.completed',
  session: SessionOverrides = {},
) {
  return {
    id: `evt_test_${randomUUID()}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: purchase.providerSessionId,
        object: 'checkout.session',
        mode: 'payment',
        payment_status: 'paid',
        client_reference_id: purchase.id,
        metadata: { purchaseId: purchase.id, userId: purchase.userId, packageId: purchase.packageId },
        amount_total: purchase.amount,
        currency: purchase.currency,
        ...session,
      },
    },
  };
}

/** Posts `event` to the webhook as Stripe would, signed with `secret` at `timestamp` (seconds). */
export async function deliver(
  base: string,
  event: object,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
) {
  const payload = JSON.stringify(event);
  const signature =
    options.signature !== undefined
      ? options.signature
      : Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.secret ?? WEBHOOK_SECRET,
          timestamp: options.timestamp,
        });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (signature !== null) headers['stripe-signature'] = signature;
  const res = await fetch(`${base}/webhooks/stripe`, { method: 'POST', headers, body: payload });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function purchaseRow(db: Db, id: string): Promise<Purchase> {
  const [row] = await db.select().from(schema.purchases).where(eq(schema.purchases.id, id));
  return row!;
}

/** Ledger entries written for a purchase (at most one, whatever happens). */
export function purchaseEntries(db: Db, purchaseId: string) {
  return db
    .select()
    .from(schema.tokenLedger)
    .where(
      and(eq(schema.tokenLedger.referenceType, 'purchase'), eq(schema.tokenLedger.referenceId, purchaseId)),
    );
}

export async function eventClaimed(db: Db, eventId: string): Promise<boolean> {
  const rows = await db
    .select()
    .from(schema.processedEvents)
    .where(eq(schema.processedEvents.eventId, eventId));
  return rows.length > 0;
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
}

/** A local stand-in for api.stripe.com that records each call and answers Checkout Session creates. */
export async function startFakeStripe(options: { fail?: boolean } = {}) {
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      calls.push({
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        form: new URLSearchParams(body),
      });
      res.setHeader('content-type', 'application/json');
      if (options.fail || req.method !== 'POST' || req.url !== '/v1/checkout/sessions') {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'refused by the fake' } }));
        return;
      }
      const id = `cs_test_${randomUUID().replaceAll('-', '')}`;
      res.end(
        JSON.stringify({ id, object: 'checkout.session', url: `https://checkout.stripe.test/c/pay/${id}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    calls,
    apiBase: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
