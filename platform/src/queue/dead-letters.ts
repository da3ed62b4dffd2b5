/**
 * Replaying a dead-letter queue on RabbitMQ: once the cause is fixed (a bug deployed, a bad dependency
 * replaced), an operator moves what waits in `<queue>.dead` back onto `<queue>`, where each message gets
 * its full allowance of deliveries again. A message leaves the dead-letter queue only after the broker
 * confirmed its copy, so a replay that dies half-way duplicates at worst (consumers dedupe by envelope
 * id) and never loses one. (The in-process queue's dead letters live in its process and end with it.)
 */
import amqp from 'amqplib';
import { deadLetterQueue } from './transport';

export interface ReplayOptions {
  url: string;
  /** The queue to refill, as the product names it (`image_generation`); the namespace is prefixed. */
  queue: string;
  namespace?: string;
  /** At most this many messages (default: all that are there when the replay starts). */
  limit?: number;
}

/** Headers the broker added on the way to the dead-letter queue; a replayed message starts afresh. */
const BROKER_HEADER = /^x-(death|delivery-count|first-death-|last-death-)/;

export async function countDeadLetters(options: Omit<ReplayOptions, 'limit'>): Promise<number> {
  const connection = await amqp.connect(options.url);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => {}); // a missing queue rejects checkQueue below, which carries the error
    const dead = deadLetterQueue((options.namespace ?? '') + options.queue);
    return (await channel.checkQueue(dead)).messageCount;
  } finally {
    await connection.close();
  }
}

export async function replayDeadLetters(options: ReplayOptions): Promise<{ replayed: number; left: number }> {
  const target = (options.namespace ?? '') + options.queue;
  const dead = deadLetterQueue(target);
  const connection = await amqp.connect(options.url);
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => {}); // a missing queue rejects checkQueue below, which carries the error
    // Both must exist already (declared by the product's processes); a typo must not create queues.
    await channel.checkQueue(target);
    const { messageCount } = await channel.checkQueue(dead);
    const limit = Math.min(options.limit ?? messageCount, messageCount);
    let replayed = 0;
    while (replayed < limit) {
      const message = await channel.get(dead, { noAck: false });
      if (!message) break;
      const headers = Object.fromEntries(
        Object.entries(message.properties.headers ?? {}).filter(([name]) => !BROKER_HEADER.test(name)),
      );
      channel.sendToQueue(target, message.content, { ...message.properties, headers, persistent: true });
      await channel.waitForConfirms();
      channel.ack(message);
      replayed++;
    }
    const left = (await channel.checkQueue(dead)).messageCount;
    return { replayed, left };
  } finally {
    await connection.close();
  }
}
