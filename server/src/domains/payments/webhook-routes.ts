/**
 * POST /webhooks/stripe: Stripe's checkout events, read as the raw bytes Stripe signed (a parsed and
 * re-serialised body would no longer match the signature). Only a verified event reaches the service;
 * a refusal (bad, missing or stale signature, unknown session, wrong amount) is logged at warn, changes
 * nothing, and is answered with its typed error so Stripe retries it. Duplicates are answered 200.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { handleCheckoutEvent, type CheckoutOutcome, type PaymentProvider } from './service';
import { verifySignedEvent } from './stripe-client';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

/** Runs a step and logs a refusal at warn with its rule, then lets the error handler answer. */
export async function warnOnRefusal<T>(
  request: FastifyRequest,
  what: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AppError)
      request.log.warn({ code: error.code, details: error.details }, `${what} refused`);
    throw error;
  }
}

/**
 * The one path from signed bytes to settled purchase, shared by Stripe's webhook and the development
 * checkout: verify the signature with `secret`, then hand the event to the checkout service.
 */
export async function receiveSignedEvent(
  deps: ServerDeps,
  request: FastifyRequest,
  input: { raw: Buffer; signature: unknown; secret: string; provider: PaymentProvider },
): Promise<CheckoutOutcome> {
  const event = verifySignedEvent(input.raw, input.signature, input.secret);
  return handleCheckoutEvent(deps, event, { provider: input.provider, log: request.log });
}

export async function registerStripeWebhook(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const secret = deps.config.STRIPE_WEBHOOK_SECRET;
  if (!secret) return;
  // Its own scope, so the raw-body parser applies to this route only.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(STRIPE_WEBHOOK_PATH, async (request) =>
      warnOnRefusal(request, 'stripe webhook', async () => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        await receiveSignedEvent(deps, request, {
          raw,
          signature: request.headers['stripe-signature'],
          secret,
          provider: 'stripe',
        });
        return { received: true };
      }),
    );
  });
}
