/**
 * The queue seam. Two implementations keep the same semantics, so code and tests written against one
 * hold for the other:
 * - at-least-once delivery: a message is removed only when its handler resolves (ack);
 * - a handler that throws, or a consumer that goes away before acking, gets the message again;
 * - after `maxDeliveries` deliveries the message moves to the queue's dead-letter queue instead;
 * - publish resolves only once the message is durably accepted (RabbitMQ publisher confirms).
 * Consumers dedupe by `envelope.id` (see db `claimEvent`) because a message can arrive twice.
 */
import { envelopeSchema, type Envelope } from '@style-license/shared';
import type { Logger } from '../logger';

export interface Delivery<P = unknown> {
  envelope: Envelope<P>;
  /** 1 on the first delivery, 2 on the first retry, … */
  attempt: number;
  /** True when a failure now sends the message to the dead-letter queue instead of retrying. */
  isLastAttempt: boolean;
}

export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

export interface ConsumeOptions {
  /** Unacknowledged messages this consumer may hold at once (training uses 1). */
  prefetch?: number;
}

export interface Subscription {
  /** Stops receiving; messages not yet acked go back to the queue (each return counts as a delivery). */
  cancel(): Promise<void>;
  /**
   * A graceful stop: takes no new message, lets the handlers running now finish (and ack) for up to
   * `graceMs`, then hands back what is still held without spending a delivery: it comes back as the
   * same attempt, since stopping a process says nothing about the message. A handler still running then
   * goes on unobserved: its outcome is ignored (the message may be handled again; consumers dedupe).
   */
  drain(graceMs: number): Promise<void>;
}

export interface QueueTransport {
  readonly kind: 'amqp' | 'memory';
  publish(queue: string, envelope: Envelope): Promise<void>;
  consume(queue: string, handler: DeliveryHandler, options?: ConsumeOptions): Promise<Subscription>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * Only on a transport that is not durable (the in-process queue): resolves once the message with this
   * envelope id was acknowledged or dead-lettered. Until then the outbox keeps its row unsent, so a
   * restart publishes it again; a durable broker needs none of this (its confirm is the promise).
   */
  settled?(envelopeId: string): Promise<void>;
}

/** Where messages go after their last failed delivery. */
export const deadLetterQueue = (queue: string) => `${queue}.dead`;

/** Dead-letter queues keep what they hold until someone acks it: no limit, nowhere further to go. */
export const isDeadLetterQueue = (queue: string) => queue.endsWith('.dead');

/** Unacknowledged messages a consumer may hold when it does not say (both transports). */
export const DEFAULT_PREFETCH = 10;

export type QueueLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
export const silentQueueLogger: QueueLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** Serialises an envelope after checking it: a broken producer fails at publish, not in a consumer. */
export function encodeEnvelope(envelope: Envelope): string {
  const result = envelopeSchema.safeParse(envelope);
  if (!result.success) throw new TypeError(`invalid envelope: ${result.error.message}`);
  return JSON.stringify(envelope);
}

/** Null for anything that is not a valid envelope; such messages are dead-lettered, never handled. */
export function decodeEnvelope(body: string): Envelope | null {
  try {
    const result = envelopeSchema.safeParse(JSON.parse(body));
    return result.success ? (result.data as Envelope) : null;
  } catch {
    return null;
  }
}
