/**
 * What the RabbitMQ transport keeps on the broker: each queue's arguments (quorum, delivery limit, its
 * dead-letter queue), and how a message's attempt is read from the headers the broker and a drain set.
 */
import type { ChannelModel, ConsumeMessage } from 'amqplib';
import { closeQuietly } from './amqp-support';
import { deadLetterQueue, isDeadLetterQueue } from './transport';

/**
 * Measured on RabbitMQ 3.10: a quorum queue with `x-delivery-limit: L` delivers a message L + 1 times; the
 * first delivery has no `x-delivery-count` header, the k-th return (nack with requeue, or the consumer's
 * channel closing before an ack) sets it to k. Hence limit = maxDeliveries - 1 and attempt = count + 1.
 */
export function queueArguments(queue: string, maxDeliveries: number): Record<string, unknown> {
  // Dead-letter queues keep what they hold until someone acks it: no limit, nowhere further to go.
  if (isDeadLetterQueue(queue)) return { 'x-queue-type': 'quorum' };
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': maxDeliveries - 1,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': deadLetterQueue(queue),
  };
}

/**
 * Deliveries a message used before a drain handed it back as a fresh copy (whose broker count starts at
 * 0): added to the broker's count, so the copy comes back as the attempt it was on.
 */
export const PRIOR_DELIVERIES = 'x-prior-deliveries';

export const attemptOf = (message: ConsumeMessage) =>
  Number(message.properties.headers?.['x-delivery-count'] ?? 0) +
  Number(message.properties.headers?.[PRIOR_DELIVERIES] ?? 0) +
  1;

export async function declareTopology(conn: ChannelModel, queue: string, maxDeliveries: number) {
  // A channel of its own: a failed declaration (PRECONDITION_FAILED) closes the channel it was sent on.
  const channel = await conn.createChannel();
  channel.on('error', () => {}); // The rejected assertQueue below carries the error.
  try {
    if (!isDeadLetterQueue(queue)) {
      const dead = deadLetterQueue(queue);
      await channel.assertQueue(dead, { durable: true, arguments: queueArguments(dead, maxDeliveries) });
    }
    await channel.assertQueue(queue, { durable: true, arguments: queueArguments(queue, maxDeliveries) });
  } finally {
    await closeQuietly(channel);
  }
}
