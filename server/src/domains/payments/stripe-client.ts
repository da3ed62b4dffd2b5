/**
 * The one Stripe API client of a server (only when Stripe keys are configured) and the one place that
 * turns a signed webhook body into an event. A bad or missing signature, or one older than Stripe's
 * tolerance (a replay), is a VALIDATION_FAILED refusal before anything reads the payload.
 */
import Stripe from 'stripe';
import { AppError } from '@style-license/shared';
import type { ServerConfig } from '../../config';

type StripeConfig = Pick<ServerConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>;

const clients = new WeakMap<StripeConfig, Stripe>();

/** Host, port and protocol for the library when STRIPE_API_BASE points it somewhere else (tests). */
function apiBase(base: string | undefined): Stripe.StripeConfig {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

export function stripeClient(config: StripeConfig): Stripe {
  if (!config.STRIPE_SECRET_KEY) throw new AppError('INTERNAL', 'Stripe is not configured');
  let client = clients.get(config);
  if (!client) {
    // Retries are safe: every create carries an idempotency key, so Stripe answers a retry with the
    // session it already made.
    client = new Stripe(config.STRIPE_SECRET_KEY, {
      maxNetworkRetries: 2,
      ...apiBase(config.STRIPE_API_BASE),
    });
    clients.set(config, client);
  }
  return client;
}

const firstSentence = (error: unknown) => String((error as Error).message).split('. ')[0]!;

/** Verifies `raw` against its Stripe-Signature header; the event it carries, or VALIDATION_FAILED. */
export function verifySignedEvent(raw: Buffer, header: unknown, secret: string): Stripe.Event {
  if (typeof header !== 'string' || header === '') {
    throw new AppError('VALIDATION_FAILED', 'Missing Stripe-Signature header', {
      details: [{ path: 'stripe-signature', rule: 'required', message: 'not sent' }],
    });
  }
  try {
    return Stripe.webhooks.constructEvent(raw, header, secret);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', 'Webhook signature is not valid', {
      cause: error,
      details: [{ path: 'stripe-signature', rule: 'signature', message: firstSentence(error) }],
    });
  }
}

/** Signs a payload the way Stripe does (the development checkout's internal events). */
export function signPayload(payload: string, secret: string): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret });
}
