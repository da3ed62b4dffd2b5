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
  QUEUE_NAMESPACE?: string;
}

/** Prefixes every queue name (dead-letter queues follow, being named after theirs). */
export function namespaced(transport: QueueTransport, namespace: string): QueueTransport {
  if (!namespace) return transport;
  return {
    kind: transport.kind,
    publish: (queue, envelope) => transport.publish(namespace + queue, envelope),
    consume: (queue, handler, options) => transport.consume(namespace + queue, handler, options),
    ping: () => transport.ping(),
    close: () => transport.close(),
  };
}

export function createQueueTransport(config: QueueConfig, logger?: QueueLogger): QueueTransport {
  const maxDeliveries = config.QUEUE_MAX_DELIVERIES;
  const namespace = config.QUEUE_NAMESPACE ?? '';
  if (config.AMQP_URL) {
    return namespaced(createAmqpTransport({ url: config.AMQP_URL, maxDeliveries, logger }), namespace);
  }
  logger?.info('queue: no AMQP_URL, using the in-process queue (not durable; embedded mode only)');
  return namespaced(createMemoryTransport({ maxDeliveries, logger }), namespace);
}
