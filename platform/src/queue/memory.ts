/**
 * In-process queue for the embedded single-process mode, with the RabbitMQ transport's semantics: FIFO,
 * prefetch, ack on resolve, retry on throw, dead-letter after `maxDeliveries`, un-acked messages returned
 * on cancel. NOT durable: a message lives only in this process's memory and is lost if the process stops
 * before a handler acks it; the outbox table (published again until acknowledged) is what makes jobs
 * survive restarts in this mode.
 */
import type { Envelope } from '@style-license/shared';
import { backoffFn, createSleeper } from './amqp-support';
import { DEFAULT_OUTAGE_HOLD_MS, handleThroughOutages, isOutage, type TransientRule } from './outage';
import {
  DEFAULT_PREFETCH,
  deadLetterQueue,
  decodeEnvelope,
  encodeEnvelope,
  isDeadLetterQueue,
  silentQueueLogger,
  type DeliveryHandler,
  type QueueLogger,
  type QueueTransport,
  type Subscription,
} from './transport';

export interface MemoryTransportOptions {
  /** Deliveries of one message before it is dead-lettered (first try included). */
  maxDeliveries: number;
  logger?: QueueLogger;
  /** Prefix of every queue name, as on RabbitMQ. */
  namespace?: string;
  /** Which handler failures are outages to hold the message through (see outage.ts). */
  isTransient?: TransientRule;
  outageHoldMs?: number;
  /** Bounds of the backoff between handler runs while a dependency is down. */
  backoffMs?: { min: number; max: number };
}

export interface MemoryTransport extends QueueTransport {
  readonly kind: 'memory';
  /** Messages waiting for a consumer (not counting those being handled), for metrics and tests. */
  depth(queue: string): number;
  /** Enqueues a body as-is, skipping validation: lets tests show what happens to a broken producer's message. */
  publishRaw(queue: string, body: string): void;
}

interface Message {
  /** Stored serialised, so a consumer never shares an object with the publisher (as over the wire). */
  body: string;
  /** Times the message went back to the queue; RabbitMQ's `x-delivery-count`. */
  returns: number;
  /** Its envelope id, known when it was published through publish() (not publishRaw). */
  id?: string;
}

interface Consumer {
  handler: DeliveryHandler;
  prefetch: number;
  unacked: Set<Message>;
  cancelled: boolean;
  /** Called whenever a message leaves `unacked` (a drain waits for it to empty). */
  onSettled?: () => void;
}

interface Queue {
  ready: Message[];
  consumers: Consumer[];
  /** Round-robin position among consumers, like the broker's. */
  next: number;
  scheduled: boolean;
}

export function createMemoryTransport({
  maxDeliveries,
  logger = silentQueueLogger,
  namespace = '',
  isTransient = isOutage,
  outageHoldMs = DEFAULT_OUTAGE_HOLD_MS,
  backoffMs = { min: 100, max: 5_000 },
}: MemoryTransportOptions): MemoryTransport {
  if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1)
    throw new RangeError('maxDeliveries must be ≥ 1');
  const queues = new Map<string, Queue>();
  const backoff = backoffFn(backoffMs);
  const sleeper = createSleeper();
  /** Published messages not yet acked or dead-lettered, by envelope id: what `settled()` waits for. */
  const unsettled = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  let closed = false;

  function track(id: string) {
    if (unsettled.has(id)) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    unsettled.set(id, { promise, resolve });
  }

  function markSettled(message: Message) {
    if (!message.id) return;
    unsettled.get(message.id)?.resolve();
    unsettled.delete(message.id);
  }

  function deadLetter(name: string, message: Message) {
    markSettled(message);
    if (!isDeadLetterQueue(name)) enqueue(deadLetterQueue(name), { body: message.body, returns: 0 });
  }

  function queueOf(name: string): Queue {
    let queue = queues.get(name);
    if (!queue) queues.set(name, (queue = { ready: [], consumers: [], next: 0, scheduled: false }));
    return queue;
  }

  function enqueue(name: string, message: Message, atFront = false) {
    const queue = queueOf(name);
    if (atFront) queue.ready.unshift(message);
    else queue.ready.push(message);
    schedule(name, queue);
  }

  function schedule(name: string, queue: Queue) {
    if (queue.scheduled || closed) return;
    queue.scheduled = true;
    // Always a later macrotask: a handler never runs inside publish() or its caller's turn, as with a broker.
    setImmediate(() => {
      queue.scheduled = false;
      dispatch(name, queue);
    });
  }

  function dispatch(name: string, queue: Queue) {
    for (let consumer = nextFree(queue); consumer && !closed; consumer = nextFree(queue)) {
      const message = queue.ready.shift();
      if (!message) return;
      deliver(name, consumer, message);
    }
  }

  function nextFree(queue: Queue): Consumer | undefined {
    const count = queue.consumers.length;
    for (let i = 0; i < count; i++) {
      const consumer = queue.consumers[(queue.next + i) % count]!;
      if (consumer.unacked.size < consumer.prefetch) {
        queue.next = (queue.next + i + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }

  function deliver(name: string, consumer: Consumer, message: Message) {
    const envelope = decodeEnvelope(message.body);
    if (!envelope) {
      // Rejected without requeue, as RabbitMQ does: to the dead-letter queue, or dropped from one.
      logger.error(
        { queue: name, body: message.body.slice(0, 200) },
        'queue: malformed message dead-lettered',
      );
      return deadLetter(name, message);
    }
    consumer.unacked.add(message);
    const attempt = message.returns + 1;
    const isLastAttempt = !isDeadLetterQueue(name) && attempt >= maxDeliveries;
    void handleThroughOutages(
      consumer.handler,
      { envelope, attempt, isLastAttempt },
      {
        queue: name,
        isTransient,
        holdMs: outageHoldMs,
        backoff,
        sleep: sleeper.sleep,
        stillHeld: () => !closed && consumer.unacked.has(message),
        logger,
      },
    ).then((result) => {
      if (result.outcome === 'released') return;
      if (result.outcome === 'unprocessable') {
        logger.error(
          { err: result.error, queue: name, messageId: envelope.id },
          'queue: unprocessable message dead-lettered',
        );
        if (!release(consumer, message)) return;
        deadLetter(name, message);
        return schedule(name, queueOf(name));
      }
      if (result.outcome === 'failed') {
        const outcome = isLastAttempt ? 'dead-lettering' : 'will retry';
        logger.warn(
          { err: result.error, queue: name, messageId: envelope.id, attempt },
          `queue: handler failed; ${outcome}`,
        );
      }
      settle(name, consumer, message, result.outcome === 'failed');
    });
  }

  function settle(name: string, consumer: Consumer, message: Message, failed: boolean) {
    // A cancelled consumer has already handed this message back; its late outcome must not count again.
    if (!release(consumer, message)) return;
    if (failed) giveBack(name, message);
    else markSettled(message);
    schedule(name, queueOf(name));
  }

  function release(consumer: Consumer, message: Message): boolean {
    const held = consumer.unacked.delete(message);
    consumer.onSettled?.();
    return held;
  }

  /** A failed or abandoned delivery: retry from the head of the queue, or dead-letter it after the last. */
  function giveBack(name: string, message: Message) {
    message.returns += 1;
    if (!isDeadLetterQueue(name) && message.returns >= maxDeliveries) {
      deadLetter(name, message);
    } else {
      enqueue(name, message, true);
    }
  }

  async function cancel(name: string, consumer: Consumer) {
    if (consumer.cancelled) return;
    consumer.cancelled = true;
    const queue = queueOf(name);
    queue.consumers = queue.consumers.filter((c) => c !== consumer);
    const held = [...consumer.unacked].reverse(); // Reversed so that unshifting keeps their order.
    consumer.unacked.clear();
    for (const message of held) giveBack(name, message);
  }

  /** See Subscription.drain: running handlers may finish; then the rest goes back unspent. */
  async function drain(name: string, consumer: Consumer, graceMs: number) {
    if (consumer.cancelled) return;
    const queue = queueOf(name);
    queue.consumers = queue.consumers.filter((c) => c !== consumer); // no new deliveries
    if (consumer.unacked.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        consumer.onSettled = () => consumer.unacked.size === 0 && (clearTimeout(timer), resolve());
      });
    }
    consumer.cancelled = true;
    const held = [...consumer.unacked].reverse(); // Reversed so that unshifting keeps their order.
    consumer.unacked.clear();
    for (const message of held) enqueue(name, message, true); // `returns` unchanged: not a failure
  }

  const subscriptions = new Map<Consumer, string>();

  return {
    kind: 'memory',
    async publish(queue: string, envelope: Envelope) {
      if (closed) throw new Error('queue transport is closed');
      track(envelope.id);
      enqueue(namespace + queue, { body: encodeEnvelope(envelope), returns: 0, id: envelope.id });
    },
    settled: (envelopeId: string) => unsettled.get(envelopeId)?.promise ?? Promise.resolve(),
    async consume(name: string, handler: DeliveryHandler, options = {}): Promise<Subscription> {
      if (closed) throw new Error('queue transport is closed');
      const queue = namespace + name;
      const prefetch = options.prefetch ?? DEFAULT_PREFETCH;
      if (!Number.isInteger(prefetch) || prefetch < 1)
        throw new RangeError('prefetch must be a positive integer');
      const consumer: Consumer = { handler, prefetch, unacked: new Set(), cancelled: false };
      const target = queueOf(queue);
      target.consumers.push(consumer);
      subscriptions.set(consumer, queue);
      schedule(queue, target);
      return {
        cancel: async () => {
          subscriptions.delete(consumer);
          await cancel(queue, consumer);
        },
        drain: async (graceMs: number) => {
          await drain(queue, consumer, graceMs);
          subscriptions.delete(consumer);
        },
      };
    },
    depth: (queue: string) => queues.get(namespace + queue)?.ready.length ?? 0,
    publishRaw: (queue: string, body: string) => enqueue(namespace + queue, { body, returns: 0 }),
    ping: async () => !closed,
    async close() {
      closed = true;
      sleeper.wakeAll();
      // Un-acked messages go back to their queues, where they stay: nothing consumes after close.
      for (const [consumer, queue] of subscriptions) await cancel(queue, consumer);
      subscriptions.clear();
    },
  };
}
