/**
 * RabbitMQ transport: durable quorum queues whose broker-side delivery limit dead-letters a message after
 * `maxDeliveries` deliveries; publishes wait for publisher confirms and ride out reconnects (at-least-once).
 */
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { QUEUE_NAMES, type Envelope } from '@style-license/shared';
import { backoffFn, closeQuietly, createSleeper, withDeadline, withHeartbeat } from './amqp-support';
import { attemptOf, declareTopology, PRIOR_DELIVERIES } from './amqp-topology';
import { DEFAULT_OUTAGE_HOLD_MS, handleThroughOutages, isOutage, type TransientRule } from './outage';
import {
  DEFAULT_PREFETCH,
  decodeEnvelope,
  encodeEnvelope,
  isDeadLetterQueue,
  silentQueueLogger,
  type DeliveryHandler,
  type QueueLogger,
  type QueueTransport,
  type Subscription,
} from './transport';

export interface AmqpTransportOptions {
  url: string;
  /** Deliveries of one message before it is dead-lettered (first try included). */
  maxDeliveries: number;
  logger?: QueueLogger;
  /** How long publish() and consume() wait through a disconnect before they reject. */
  waitTimeoutMs?: number;
  /** Bounds of the exponential backoff between reconnect attempts. */
  backoffMs?: { min: number; max: number };
  /**
   * Prefix of every queue this transport declares, publishes to and consumes from. Applied here, not by
   * a wrapper, because connecting declares the product's queues: a namespaced deployment must never
   * create (or trip over the arguments of) another deployment's bare queues.
   */
  namespace?: string;
  /** Which handler failures are outages to hold the message through (see outage.ts). */
  isTransient?: TransientRule;
  /** The longest a message is held through an outage before it is returned, using a delivery. */
  outageHoldMs?: number;
}

interface Consumer {
  queue: string;
  handler: DeliveryHandler;
  prefetch: number;
  channel: Channel | null;
  /** The broker's tag of the subscription on `channel`, for basic.cancel. */
  tag: string | null;
  starting: Promise<void> | null;
  cancelled: boolean;
  /** Draining (Subscription.drain): messages that arrive now are held unhandled, to be handed back. */
  draining: boolean;
  /** Messages delivered on `channel` and not yet settled by us. */
  held: Set<ConsumeMessage>;
  /** Handlers running now. */
  running: number;
  /** Called whenever a message leaves `held` (a drain waits for the running handlers). */
  onSettled?: () => void;
}

/** Thrown when the broker refuses (nacks) a message: retrying the same publish would not help. */
export class PublishRejectedError extends Error {
  constructor(readonly queue: string) {
    super(`RabbitMQ refused a message for queue "${queue}"`);
    this.name = 'PublishRejectedError';
  }
}

export function createAmqpTransport(options: AmqpTransportOptions): QueueTransport {
  const { url, maxDeliveries, logger = silentQueueLogger, waitTimeoutMs = 30_000, namespace = '' } = options;
  const named = (queue: string) => namespace + queue;
  const isTransient = options.isTransient ?? isOutage;
  const outageHoldMs = options.outageHoldMs ?? DEFAULT_OUTAGE_HOLD_MS;
  const backoff = backoffFn(options.backoffMs ?? { min: 100, max: 5_000 });
  if (!Number.isInteger(maxDeliveries) || maxDeliveries < 1)
    throw new RangeError('maxDeliveries must be ≥ 1');
  let connection: ChannelModel | null = null;
  let connecting: Promise<ChannelModel> | null = null;
  let publisher: Promise<ConfirmChannel> | null = null;
  let declared = new Map<string, Promise<void>>();
  const consumers = new Set<Consumer>();
  const sleeper = createSleeper();
  let closed = false;

  /** The open connection, or one being (re)established with backoff; rejects only once close() was called. */
  function connected(): Promise<ChannelModel> {
    if (closed) return Promise.reject(new Error('queue transport is closed'));
    if (connection) return Promise.resolve(connection);
    connecting ??= connectWithBackoff().finally(() => (connecting = null));
    return connecting;
  }

  async function connectWithBackoff(): Promise<ChannelModel> {
    for (let failures = 0; !closed; failures++) {
      try {
        return await open();
      } catch (err) {
        // 406: a queue exists with other arguments, typically after QUEUE_MAX_DELIVERIES changed; retrying
        // cannot fix that, an operator must delete the queue (or move its messages) first.
        if ((err as { code?: number }).code === 406)
          logger.error({ err }, 'queue: queue exists with other arguments');
        else logger.warn({ err, failures }, 'queue: cannot connect to RabbitMQ; retrying');
        await sleeper.sleep(backoff(failures));
      }
    }
    throw new Error('queue transport is closed');
  }

  async function open(): Promise<ChannelModel> {
    const conn = await amqp.connect(withHeartbeat(url), {
      clientProperties: { connection_name: 'style-license' },
    });
    let lost = false;
    conn.on('error', (err: unknown) => logger.warn({ err }, 'queue: RabbitMQ connection error'));
    conn.on('close', () => {
      lost = true;
      onConnectionLost(conn);
    });
    declared = new Map();
    try {
      await Promise.all(QUEUE_NAMES.map((queue) => ensureQueue(conn, named(queue))));
      if (lost || closed) throw new Error('connection closed during setup');
    } catch (err) {
      await closeQuietly(conn);
      throw err;
    }
    connection = conn;
    logger.info('queue: connected to RabbitMQ');
    return conn;
  }

  function onConnectionLost(conn: ChannelModel) {
    if (connection !== conn) return;
    connection = null;
    publisher = null;
    if (closed) return;
    // Consumers come back through their channels' close events; this gets the connection going again.
    logger.warn('queue: lost the RabbitMQ connection; reconnecting');
    connected().catch(() => {});
  }

  /** Declares a queue and its dead-letter queue once per connection. */
  function ensureQueue(conn: ChannelModel, queue: string): Promise<void> {
    let done = declared.get(queue);
    if (!done) {
      done = declareTopology(conn, queue, maxDeliveries);
      declared.set(queue, done);
      done.catch(() => declared.delete(queue));
    }
    return done;
  }

  function publishChannel(conn: ChannelModel): Promise<ConfirmChannel> {
    if (publisher) return publisher;
    const created = conn.createConfirmChannel().then((channel) => {
      channel.on('error', (err: unknown) => logger.warn({ err }, 'queue: publish channel error'));
      channel.on('close', () => publisher === created && (publisher = null));
      return channel;
    });
    created.catch(() => publisher === created && (publisher = null));
    return (publisher = created);
  }

  async function publishOnce(
    queue: string,
    body: Buffer,
    messageId: string,
    headers?: Record<string, unknown>,
  ): Promise<void> {
    const conn = await connected();
    await ensureQueue(conn, queue);
    const channel = await publishChannel(conn);
    const properties = { persistent: true, messageId, contentType: 'application/json', headers };
    await new Promise<void>((resolve, reject) =>
      channel.sendToQueue(queue, body, properties, (err: unknown) =>
        err ? reject(String(err).includes('nacked') ? new PublishRejectedError(queue) : err) : resolve(),
      ),
    );
  }

  async function publish(name: string, envelope: Envelope): Promise<void> {
    const queue = named(name);
    const body = Buffer.from(encodeEnvelope(envelope));
    const deadline = Date.now() + waitTimeoutMs;
    for (let failures = 0; ; failures++) {
      try {
        // A confirm lost with its connection is retried: a duplicate is harmless (consumers dedupe by id),
        // a lost job is not.
        return await withDeadline(publishOnce(queue, body, envelope.id), deadline, `publish to ${queue}`);
      } catch (err) {
        if (err instanceof PublishRejectedError || closed || Date.now() >= deadline) throw err;
        logger.warn({ err, queue, messageId: envelope.id }, 'queue: publish failed; retrying');
        await sleeper.sleep(Math.min(backoff(failures), deadline - Date.now()));
      }
    }
  }

  function startConsumer(consumer: Consumer): Promise<void> {
    consumer.starting ??= openConsumer(consumer).finally(() => (consumer.starting = null));
    return consumer.starting;
  }

  async function openConsumer(consumer: Consumer): Promise<void> {
    if (consumer.cancelled || consumer.channel) return;
    const conn = await connected();
    await ensureQueue(conn, consumer.queue);
    if (consumer.cancelled) return;
    // A channel per consumer, so prefetch limits this consumer alone and closing it returns only its messages.
    const channel = await conn.createChannel();
    consumer.channel = channel;
    channel.on('error', (err: unknown) =>
      logger.warn({ err, queue: consumer.queue }, 'queue: consumer channel error'),
    );
    channel.on('close', () => onConsumerChannelClosed(consumer, channel));
    await channel.prefetch(consumer.prefetch);
    const { consumerTag } = await channel.consume(
      consumer.queue,
      (message) => void onMessage(consumer, channel, message),
    );
    consumer.tag = consumerTag;
    if (consumer.cancelled) await closeQuietly(channel);
  }

  function onConsumerChannelClosed(consumer: Consumer, channel: Channel) {
    if (consumer.channel !== channel) return;
    consumer.channel = null;
    consumer.held.clear(); // the broker has them back
    consumer.onSettled?.();
    if (!consumer.cancelled && !closed) void resumeConsumer(consumer);
  }

  async function resumeConsumer(consumer: Consumer) {
    for (let failures = 0; !consumer.cancelled && !closed && !consumer.channel; failures++) {
      await sleeper.sleep(backoff(failures));
      await startConsumer(consumer).catch((err) =>
        logger.warn({ err, queue: consumer.queue }, 'queue: resubscribe failed'),
      );
    }
    if (consumer.channel) logger.info({ queue: consumer.queue }, 'queue: consumer resubscribed');
  }

  async function onMessage(consumer: Consumer, channel: Channel, message: ConsumeMessage | null) {
    const { queue } = consumer;
    if (consumer.cancelled) return; // Unacked, so it goes back when cancel() closes the channel.
    if (!message) {
      // The broker cancelled us (e.g. the queue was deleted): declare it again and resubscribe.
      logger.warn({ queue }, 'queue: consumer cancelled by the broker');
      declared.delete(queue);
      return void closeQuietly(channel);
    }
    consumer.held.add(message);
    if (consumer.draining) return; // Handed back, unhandled, by drain().
    const envelope = decodeEnvelope(message.content.toString('utf8'));
    if (!envelope) {
      logger.error(
        { queue, messageId: message.properties.messageId, body: message.content.toString('utf8', 0, 200) },
        'queue: malformed message dead-lettered',
      );
      return settle(consumer, channel, message, () => channel.nack(message, false, false));
    }
    const attempt = attemptOf(message);
    const isLastAttempt = !isDeadLetterQueue(queue) && attempt >= maxDeliveries;
    consumer.running++;
    const result = await handleThroughOutages(
      consumer.handler,
      { envelope, attempt, isLastAttempt },
      {
        queue,
        isTransient,
        holdMs: outageHoldMs,
        backoff,
        sleep: sleeper.sleep,
        // A closed channel has already handed the message back to the broker.
        stillHeld: () => !closed && !consumer.cancelled && consumer.channel === channel,
        logger,
      },
    ).finally(() => consumer.running--);
    if (result.outcome === 'handled') return settle(consumer, channel, message, () => channel.ack(message));
    if (result.outcome === 'released') return settle(consumer, channel, message, () => {});
    if (result.outcome === 'unprocessable') {
      logger.error(
        { err: result.error, queue, messageId: envelope.id },
        'queue: unprocessable message dead-lettered',
      );
      return settle(consumer, channel, message, () => channel.nack(message, false, false));
    }
    const outcome = isLastAttempt ? 'dead-lettering' : 'will retry';
    logger.warn(
      { err: result.error, queue, messageId: envelope.id, attempt },
      `queue: handler failed; ${outcome}`,
    );
    // The last failure dead-letters it ourselves: a copy handed back by a drain has a lower broker count.
    settle(consumer, channel, message, () => channel.nack(message, false, !isLastAttempt));
  }

  /** Acts on a message still ours: not if a drain handed it back or its channel closed meanwhile. */
  function settle(consumer: Consumer, channel: Channel, message: ConsumeMessage, action: () => void) {
    if (!consumer.held.delete(message)) return;
    try {
      action();
    } catch (err) {
      // The channel closed first, so the broker has already put the message back; nothing left to do.
      logger.debug({ err }, 'queue: ack/nack after the channel closed');
    } finally {
      consumer.onSettled?.();
    }
  }

  async function cancel(consumer: Consumer) {
    if (consumer.cancelled) return;
    consumer.cancelled = true;
    consumers.delete(consumer);
    // A start that is past connecting finishes soon; one still waiting for RabbitMQ sees `cancelled` later.
    if (connection) await consumer.starting?.catch(() => {});
    const channel = consumer.channel;
    consumer.channel = null;
    // Closing the channel, not just basic.cancel, hands every un-acked message back at once.
    if (channel) await closeQuietly(channel);
  }

  /**
   * See Subscription.drain. On RabbitMQ 3.x every return of a message (nack, or its channel closing)
   * raises its delivery count, so what is still held is handed back as a fresh copy that carries the
   * deliveries used so far (PRIOR_DELIVERIES), published with a confirm before the original is acked.
   * The copy joins the back of the queue. If that publish fails, closing the channel returns it (one
   * delivery used), as cancel() does.
   */
  async function drain(consumer: Consumer, graceMs: number) {
    if (consumer.cancelled || consumer.draining) return;
    consumer.draining = true;
    if (connection) await consumer.starting?.catch(() => {});
    const channel = consumer.channel;
    // basic.cancel: the broker sends nothing more, and what it delivered stays ours to ack on this channel.
    if (channel && consumer.tag) await channel.cancel(consumer.tag).catch(() => {});
    if (consumer.running > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        consumer.onSettled = () => consumer.running === 0 && (clearTimeout(timer), resolve());
      });
    }
    for (const message of [...consumer.held]) {
      if (!channel || consumer.channel !== channel || closed) break;
      consumer.held.delete(message); // A handler that ends late must not ack it as well.
      const headers: Record<string, unknown> = {
        ...message.properties.headers,
        [PRIOR_DELIVERIES]: attemptOf(message) - 1,
      };
      delete headers['x-delivery-count']; // the broker's own count, from 0 again for the copy
      const messageId = String(message.properties.messageId ?? '');
      try {
        await withDeadline(
          publishOnce(consumer.queue, message.content, messageId, headers),
          Date.now() + waitTimeoutMs,
          `hand back to ${consumer.queue}`,
        );
      } catch (err) {
        // Still unacked: closing the channel (below) returns it, using one delivery.
        logger.warn({ err, queue: consumer.queue, messageId }, 'queue: could not hand a message back');
        break;
      }
      try {
        channel.ack(message);
      } catch (err) {
        // The channel closed meanwhile and the broker returned the original: the copy is a duplicate.
        logger.debug({ err }, 'queue: ack after the channel closed');
      }
    }
    await cancel(consumer);
  }

  async function consume(queue: string, handler: DeliveryHandler, opts: { prefetch?: number } = {}) {
    const prefetch = opts.prefetch ?? DEFAULT_PREFETCH;
    if (!Number.isInteger(prefetch) || prefetch < 1)
      throw new RangeError('prefetch must be a positive integer');
    const consumer: Consumer = {
      queue: named(queue),
      handler,
      prefetch,
      channel: null,
      tag: null,
      starting: null,
      cancelled: false,
      draining: false,
      held: new Set(),
      running: 0,
    };
    consumers.add(consumer);
    try {
      await withDeadline(
        startConsumer(consumer),
        Date.now() + waitTimeoutMs,
        `consume from ${consumer.queue}`,
      );
    } catch (err) {
      await cancel(consumer);
      throw err;
    }
    return {
      cancel: () => cancel(consumer),
      drain: (graceMs: number) => drain(consumer, graceMs),
    } satisfies Subscription;
  }

  async function close() {
    if (closed) return;
    closed = true;
    sleeper.wakeAll();
    await Promise.all([...consumers].map(cancel));
    const conn = connection;
    connection = null;
    publisher = null;
    if (conn) await closeQuietly(conn);
  }

  connected().catch(() => {}); // Connect now, so the first publish does not pay for it.
  return { kind: 'amqp', publish, consume, ping: async () => connection !== null, close };
}
