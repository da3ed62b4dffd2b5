/**
 * The development checkout (only when config.devCheckout: no Stripe keys, never in production):
 * GET /dev-checkout/:purchaseId shows the owner a labelled payment page; POST …/pay plays Stripe's part
 * by signing a `checkout.session.completed` event with DEV_CHECKOUT_SECRET and sending it through the
 * same verification and crediting path as the real webhook. Only the purchase's owner, holding the
 * page's form token (an HMAC bound to the purchase and their session: CSRF protection), can pay.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { requireSession } from '../auth/require-session';
import type { ActiveSession } from '../auth/sessions';
import { devCheckoutPage } from './dev-checkout-page';
import { DEV_CHECKOUT_PATH, getOwnPurchase, returnUrl, type Purchase } from './service';
import { signPayload } from './stripe-client';
import { receiveSignedEvent, warnOnRefusal } from './webhook-routes';

interface PurchaseParams {
  purchaseId: string;
}

function formToken(secret: string, purchaseId: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`dev-checkout:${purchaseId}:${sessionId}`).digest('base64url');
}

function sameToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The signed-in owner and their development purchase; anyone else's (or a Stripe one) is NOT_FOUND. */
async function ownDevPurchase(
  deps: ServerDeps,
  request: FastifyRequest<{ Params: PurchaseParams }>,
): Promise<{ auth: ActiveSession; purchase: Purchase }> {
  const { db } = deps.database;
  const auth = await requireSession(db, request, 'Sign in to pay for this purchase');
  const purchase = await getOwnPurchase(db, auth.user.id, request.params.purchaseId);
  if (purchase.provider !== 'dev') throw new AppError('NOT_FOUND', 'No such purchase');
  return { auth, purchase };
}

/** What Stripe would send for this purchase once paid (only the fields the handler reads, and ids). */
function completedEvent(purchase: Purchase) {
  return {
    id: `evt_dev_${randomUUID()}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: purchase.providerSessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        client_reference_id: purchase.id,
        metadata: { purchaseId: purchase.id, userId: purchase.userId, packageId: purchase.packageId },
        amount_total: purchase.amount,
        currency: purchase.currency,
      },
    },
  };
}

export async function registerDevCheckout(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const { config } = deps;
  if (!config.devCheckout) return;
  const secret = config.DEV_CHECKOUT_SECRET;
  const pagePath = `${DEV_CHECKOUT_PATH}/:purchaseId`;

  await app.register(async (scope) => {
    await scope.register(formbody);

    scope.get<{ Params: PurchaseParams }>(pagePath, async (request, reply) =>
      warnOnRefusal(request, 'development checkout page', async () => {
        const { auth, purchase } = await ownDevPurchase(deps, request);
        const html = devCheckoutPage({
          purchase,
          formToken: formToken(secret, purchase.id, auth.session.id),
          payUrl: `${DEV_CHECKOUT_PATH}/${purchase.id}/pay`,
          cancelUrl: returnUrl(config.PUBLIC_URL, purchase.id, true),
          doneUrl: returnUrl(config.PUBLIC_URL, purchase.id),
        });
        // The form token is per session: a shared cache must never hand this page to someone else.
        return reply.header('cache-control', 'no-store').type('text/html').send(html);
      }),
    );

    scope.post<{ Params: PurchaseParams }>(`${pagePath}/pay`, async (request, reply) =>
      warnOnRefusal(request, 'development payment', async () => {
        const { auth, purchase } = await ownDevPurchase(deps, request);
        const given = (request.body as { token?: unknown } | undefined)?.token;
        if (!sameToken(formToken(secret, purchase.id, auth.session.id), given)) {
          throw new AppError('FORBIDDEN', 'This payment form is not valid; reload the payment page');
        }
        // Paying twice (a double click) sends a second event; the service credits the purchase once.
        const payload = JSON.stringify(completedEvent(purchase));
        await receiveSignedEvent(deps, request, {
          raw: Buffer.from(payload),
          signature: signPayload(payload, secret),
          secret,
          provider: 'dev',
        });
        return reply.redirect(returnUrl(config.PUBLIC_URL, purchase.id), 303);
      }),
    );
  });
}
