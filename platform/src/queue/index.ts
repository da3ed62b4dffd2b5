/**
 * Picks the queue transport from configuration: RabbitMQ when AMQP_URL is set, otherwise the in-process
 * queue, which only works when the server and the workers run in one process (embedded mode).
 */
import { createAmqpTransport } from './amqp';
import { createMemoryTransport } from './memory';
import type { QueueLogger, QueueTransport } from './transport';

export * from './transport';
export {
  DependencyUnavailableError,
  DEFAULT_OUTAGE_HOLD_MS,
  UnprocessableMessageError,
  type TransientRule,
} from './outage';
export { createAmqpTransport, PublishRejectedError, type AmqpTransportOptions } from './amqp';
export { countDeadLetters, replayDeadLetters, type ReplayOptions } from './dead-letters';
export { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from './memory';

export interface QueueConfig {
  AMQP_URL?: string;
  QUEUE_MAX_DELIVERIES: number;
  QUEUE_NAMESPACE?: string;
  QUEUE_OUTAGE_HOLD_SECONDS?: number;
}

export function createQueueTransport(config: QueueConfig, logger?: QueueLogger): QueueTransport {
  const maxDeliveries = config.QUEUE_MAX_DELIVERIES;
  const namespace = config.QUEUE_NAMESPACE ?? '';
  const outageHoldMs =
    config.QUEUE_OUTAGE_HOLD_SECONDS === undefined ? undefined : config.QUEUE_OUTAGE_HOLD_SECONDS * 1000;
  const common = { maxDeliveries, logger, namespace, outageHoldMs };
  if (config.AMQP_URL) return createAmqpTransport({ url: config.AMQP_URL, ...common });
  logger?.info('queue: no AMQP_URL, using the in-process queue (not durable; embedded mode only)');
  return createMemoryTransport(common);
}
