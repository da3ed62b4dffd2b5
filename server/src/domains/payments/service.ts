/**
 * Card purchases of token packages: a checkout starts a `pending` purchase; only a verified checkout
 * event (from Stripe's webhook, or the development checkout's signed internal event) settles it.
 * Invariants:
 * - a purchase moves pending → paid | failed | expired once and never leaves a final state;
 * - tokens are credited only through creditPurchase, in the transaction that moves it to `paid`, so a
 *   purchase is credited exactly once however often and concurrently its events arrive;
 * - each event id is claimed in that same transaction: a refused event leaves no claim behind, so a
 *   later retry of it can still succeed.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { z } from 'zod';
import { claimEvent, schema, type Db } from '@style-license/db';
import type { Logger } from '@style-license/platform/logger';
import { AppError, findTokenPackage, type TokenPackage } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { creditPurchase } from '../tokens/ledger';
import { stripeClient } from './stripe-client';

const { purchases } = schema;

export type Purchase = typeof purchases.$inferSelect;
/** Who settles a purchase: Stripe itself, or the development checkout page. */
export type PaymentProvider = 'stripe' | 'dev';

/** The consumer name under which checkout event ids are claimed (dev event ids are `evt_dev_…`). */
export const CHECKOUT_EVENT_CONSUMER = 'stripe';

export const DEV_CHECKOUT_PATH = '/dev-checkout';

// ---------------------------------------------------------------------------------------------------
// Starting a checkout

/** Where the buyer lands after paying or cancelling: the web client, which polls the purchase. */
export function returnUrl(publicUrl: string, purchaseId: string, cancelled = false): string {
  const url = new URL('/', publicUrl);
  url.searchParams.set('purchase', purchaseId);
  if (cancelled) url.searchParams.set('checkout', 'cancelled');
  return url.href;
}

async function createStripeSession(deps: ServerDeps, purchase: Purchase) {
  const { config } = deps;
  return stripeClient(config).checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          // KRW is zero-decimal: unit_amount is in won, exactly the purchase's amount.
          price_data: {
            currency: purchase.currency,
            unit_amount: purchase.amount,
            product_data: { name: `${purchase.tokens} Style License tokens` },
          },
        },
      ],
      client_reference_id: purchase.id,
      metadata: { purchaseId: purchase.id, userId: purchase.userId, packageId: purchase.packageId },
      success_url: returnUrl(config.PUBLIC_URL, purchase.id),
      cancel_url: returnUrl(config.PUBLIC_URL, purchase.id, true),
    },
    // A retried create (network trouble, or the library's own retries) returns the same session.
    { idempotencyKey: purchase.id },
  );
}

/** Records a pending purchase of `pkg` and returns where to send the buyer to pay for it. */
export async function startCheckout(
  deps: ServerDeps,
  user: { id: string },
  packageId: string,
): Promise<{ purchaseId: string; url: string }> {
  const pkg: TokenPackage | undefined = findTokenPackage(packageId);
  if (!pkg) throw new AppError('VALIDATION_FAILED', `Unknown token package ${packageId}`);
  const { db } = deps.database;
  const provider: PaymentProvider = deps.config.devCheckout ? 'dev' : 'stripe';
  const [purchase] = await db
    .insert(purchases)
    .values({
      userId: user.id,
      packageId: pkg.id,
      tokens: pkg.tokens,
      amount: pkg.amount,
      currency: pkg.currency,
      provider,
      // The dev checkout plays Stripe's part, so it names its own session up front.
      providerSessionId: provider === 'dev' ? `cs_dev_${randomUUID()}` : null,
    })
    .returning();
  const purchaseId = purchase!.id;
  if (provider === 'dev') {
    return { purchaseId, url: new URL(`${DEV_CHECKOUT_PATH}/${purchaseId}`, deps.config.PUBLIC_URL).href };
  }

  let session: Stripe.Checkout.Session;
  try {
    session = await createStripeSession(deps, purchase!);
    if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
  } catch (error) {
    // Nobody can pay a purchase without a session: close it rather than leave it pending forever.
    await db.update(purchases).set({ status: 'failed' }).where(eq(purchases.id, purchaseId));
    deps.logger.error({ err: error, purchaseId }, 'stripe checkout session not created');
    throw new AppError('INTERNAL', 'The payment provider could not start a checkout', { cause: error });
  }
  await db.update(purchases).set({ providerSessionId: session.id }).where(eq(purchases.id, purchaseId));
  return { purchaseId, url: session.url };
}

/** One of the user's own purchases; NOT_FOUND for anyone else's, so ids reveal nothing. */
export async function getOwnPurchase(db: Db, userId: string, purchaseId: string): Promise<Purchase> {
  const [purchase] = z.uuid().safeParse(purchaseId).success
    ? await db
        .select()
        .from(purchases)
        .where(and(eq(purchases.id, purchaseId), eq(purchases.userId, userId)))
    : [];
  if (!purchase) throw new AppError('NOT_FOUND', 'No such purchase');
  return purchase;
}

// ---------------------------------------------------------------------------------------------------
// Settling it from checkout events

export type CheckoutOutcome =
  'credited' | 'awaiting_payment' | 'failed' | 'expired' | 'already_settled' | 'duplicate' | 'ignored';

const HANDLED_EVENTS = new Set<string>([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
]);

/** Refused because Stripe took a different amount than the purchase asked for: a person must look. */
class AmountMismatchError extends AppError {}

/** The purchase a session belongs to: its id (ours, in two places) and its session id must all agree. */
async function findPurchase(tx: Db, session: Stripe.Checkout.Session, provider: PaymentProvider) {
  const fromMetadata = session.metadata?.purchaseId;
  const fromReference = session.client_reference_id;
  const purchaseId = fromMetadata ?? fromReference;
  const consistent = !fromMetadata || !fromReference || fromMetadata === fromReference;
  const [purchase] =
    purchaseId && consistent && z.uuid().safeParse(purchaseId).success
      ? await tx
          .select()
          .from(purchases)
          .where(
            and(
              eq(purchases.id, purchaseId),
              eq(purchases.providerSessionId, session.id),
              eq(purchases.provider, provider),
            ),
          )
      : [];
  if (!purchase) {
    throw new AppError('NOT_FOUND', 'No purchase matches this checkout session', {
      details: [{ path: 'data.object.id', rule: 'unknown_session', message: String(session.id) }],
    });
  }
  return purchase;
}

function assertAmountMatches(purchase: Purchase, session: Stripe.Checkout.Session): void {
  const currency = session.currency?.toLowerCase();
  if (session.amount_total === purchase.amount && currency === purchase.currency.toLowerCase()) return;
  const got = `${session.amount_total} ${currency}`;
  throw new AmountMismatchError('VALIDATION_FAILED', 'The paid amount does not match the purchase', {
    details: [
      {
        path: 'data.object.amount_total',
        rule: 'amount_mismatch',
        message: `expected ${purchase.amount} ${purchase.currency}, got ${got}`,
      },
    ],
  });
}

/** Moves a pending purchase to a final state; false when it had already left `pending`. */
async function settle(tx: Db, purchaseId: string, status: 'paid' | 'failed' | 'expired') {
  const rows = await tx
    .update(purchases)
    .set({ status, paidAt: status === 'paid' ? new Date() : null })
    .where(and(eq(purchases.id, purchaseId), eq(purchases.status, 'pending')))
    .returning({ id: purchases.id });
  return rows.length === 1;
}

async function settlePaid(tx: Db, purchase: Purchase): Promise<CheckoutOutcome> {
  // The conditional update is the gate: of two racing events, the second waits on the row lock,
  // then finds the purchase no longer pending and credits nothing.
  if (!(await settle(tx, purchase.id, 'paid'))) return 'already_settled';
  await creditPurchase(tx, {
    userId: purchase.userId,
    amount: purchase.tokens,
    purchaseId: purchase.id,
    note: `Bought ${purchase.tokens} tokens (${purchase.packageId})`,
  });
  return 'credited';
}

async function applyEvent(tx: Db, type: string, session: Stripe.Checkout.Session, purchase: Purchase) {
  switch (type) {
    case 'checkout.session.completed':
      // Bank transfers and the like complete the session unpaid; async_payment_* follows later.
      return session.payment_status === 'paid' ? settlePaid(tx, purchase) : 'awaiting_payment';
    case 'checkout.session.async_payment_succeeded':
      return settlePaid(tx, purchase);
    case 'checkout.session.async_payment_failed':
      return (await settle(tx, purchase.id, 'failed')) ? 'failed' : 'already_settled';
    default: // checkout.session.expired
      return (await settle(tx, purchase.id, 'expired')) ? 'expired' : 'already_settled';
  }
}

/**
 * Applies one verified checkout event, exactly once per event id. Throws NOT_FOUND for a session no
 * purchase of `provider` owns and VALIDATION_FAILED for an amount that is not the purchase's (that
 * purchase is then closed as failed); either way nothing is credited and the event stays unclaimed.
 */
export async function handleCheckoutEvent(
  deps: ServerDeps,
  event: Stripe.Event,
  options: { provider?: PaymentProvider; log?: Pick<Logger, 'info' | 'error'> } = {},
): Promise<CheckoutOutcome> {
  const log = options.log ?? deps.logger;
  if (!HANDLED_EVENTS.has(event.type)) return 'ignored';
  const session = event.data.object as Stripe.Checkout.Session;
  const { db } = deps.database;
  try {
    const outcome = await db.transaction(async (tx) => {
      if (!(await claimEvent(tx, CHECKOUT_EVENT_CONSUMER, event.id))) return 'duplicate' as const;
      const purchase = await findPurchase(tx, session, options.provider ?? 'stripe');
      assertAmountMatches(purchase, session);
      return applyEvent(tx, event.type, session, purchase);
    });
    log.info(
      { eventId: event.id, type: event.type, sessionId: session.id, outcome },
      'checkout event handled',
    );
    return outcome;
  } catch (error) {
    if (error instanceof AmountMismatchError) {
      const purchaseId = session.metadata?.purchaseId ?? session.client_reference_id!;
      await settle(db, purchaseId, 'failed');
      log.error(
        { eventId: event.id, purchaseId, details: error.details },
        'checkout amount mismatch: purchase failed',
      );
    }
    throw error;
  }
}
