/**
 * Riding out a dependency outage without spending deliveries. A handler that fails because the database,
 * the object store or the broker is down is not handed a bad message: returning it (nack) would count
 * against the delivery limit, and a queue drained in milliseconds would dead-letter work that is fine.
 * So both transports keep such a message in hand and run its handler again with backoff, which also
 * pauses the consumer (its prefetch is full of held messages) until the dependency is back. Only a
 * failure that is not an outage, or an outage longer than the hold limit, returns the message.
 */
import { isDependencyOutage, isPoolExhausted, isRetryableConflict } from '../dependency-errors';
import type { Delivery, DeliveryHandler, QueueLogger } from './transport';

/** Thrown (or wrapped) by a handler to say "a dependency is down; this message is fine, try it later". */
export class DependencyUnavailableError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'DependencyUnavailableError';
  }
}

/**
 * Thrown by a handler for a message that can never be handled (it fails its schema): retrying would only
 * delay it, so it goes to the dead-letter queue at once, where an operator can read and replay it.
 */
export class UnprocessableMessageError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'UnprocessableMessageError';
  }
}

/** Whether a handler's failure means "later", not "this message is bad": the transports' default rule. */
export type TransientRule = (error: unknown) => boolean;

/**
 * By default, every reason to try again later: an outage (which also recognises
 * DependencyUnavailableError, by name), an exhausted database pool, or a transaction PostgreSQL aborted
 * as a serialization failure or deadlock. None says anything about the message, so none may spend
 * its deliveries.
 */
export const isOutage: TransientRule = (error) =>
  isDependencyOutage(error) || isPoolExhausted(error) || isRetryableConflict(error);

/**
 * How long a message may be held through an outage before it is returned after all (one delivery used).
 * Below RabbitMQ's consumer timeout (30 minutes by default), which would close the channel instead.
 */
export const DEFAULT_OUTAGE_HOLD_MS = 10 * 60 * 1000;

export interface HoldOptions {
  queue: string;
  isTransient: TransientRule;
  holdMs: number;
  backoff: (failures: number) => number;
  sleep: (ms: number) => Promise<void>;
  /** False once the message is no longer ours (consumer cancelled, channel closed, transport closed). */
  stillHeld: () => boolean;
  logger: QueueLogger;
}

export type HoldOutcome =
  | { outcome: 'handled' }
  | { outcome: 'failed'; error: unknown }
  /** Dead-letter it now, without using the remaining deliveries. */
  | { outcome: 'unprocessable'; error: unknown }
  /** The message went back without us (cancel, lost channel): nothing left to settle. */
  | { outcome: 'released' };

export async function handleThroughOutages(
  handler: DeliveryHandler,
  delivery: Delivery,
  options: HoldOptions,
): Promise<HoldOutcome> {
  const { queue, logger } = options;
  const until = Date.now() + options.holdMs;
  for (let outages = 0; ; outages++) {
    try {
      await handler(delivery);
      if (outages > 0)
        logger.info({ queue, messageId: delivery.envelope.id, outages }, 'queue: handled after being held');
      return { outcome: 'handled' };
    } catch (error) {
      if (error instanceof UnprocessableMessageError) return { outcome: 'unprocessable', error };
      if (!options.isTransient(error) || Date.now() >= until) return { outcome: 'failed', error };
      logger[outages === 0 ? 'warn' : 'debug'](
        { err: error, queue, messageId: delivery.envelope.id },
        // The error says which: a dependency down, a full pool or a lost race (deadlock).
        'queue: cannot be handled for now; holding the message',
      );
      await options.sleep(Math.min(options.backoff(outages), Math.max(0, until - Date.now())));
      if (!options.stillHeld()) return { outcome: 'released' };
    }
  }
}
