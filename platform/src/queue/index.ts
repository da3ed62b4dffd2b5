/**
 * Picks the queue transport from configuration: RabbitMQ when AMQP_URL is set, otherwise the in-process
 * queue, which only works when the server and the workers run in one process (embedded mode).
 */
import { createAmqpTransport } from './amqp';
import { createMemoryTransport } from './memory';
import type { QueueLogger, QueueTransport } from './transport';

export * from './transport';
export { createAmqpTransport, PublishRejectedError, type AmqpTransportOptions } from './amqp';
export { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from './memory';

export interface QueueConfig {
  AMQP_URL?: string;
  QUEUE_MAX_DELIVERIES: number;
}

export function createQueueTransport(config: QueueConfig, logger?: QueueLogger): QueueTransport {
  const maxDeliveries = config.QUEUE_MAX_DELIVERIES;
  if (config.AMQP_URL) return createAmqpTransport({ url: config.AMQP_URL, maxDeliveries, logger });
  logger?.info('queue: no AMQP_URL, using the in-process queue (not durable; embedded mode only)');
  return createMemoryTransport({ maxDeliveries, logger });
}
