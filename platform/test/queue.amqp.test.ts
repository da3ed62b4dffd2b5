/**
 * The RabbitMQ transport against the shared queue contract, plus what only a real broker shows: the
 * declared topology, a consumer process that dies mid-job, and a connection that drops or goes away.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp, { type ChannelModel } from 'amqplib';
import { QUEUE_NAMES } from '@style-license/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  countDeadLetters,
  createAmqpTransport,
  deadLetterQueue,
  replayDeadLetters,
  type QueueLogger,
  type QueueTransport,
} from '../src/queue/index';
import {
  collect,
  envelope,
  MAX_DELIVERIES,
  recordingLogger,
  registerQueueContract,
  sleep,
  waitUntil,
} from './queue-contract';
import { closedPort, startTcpProxy as startProxy } from './tcp-proxy';

const url = process.env.TEST_AMQP_URL;
if (!url)
  throw new Error('TEST_AMQP_URL is not set: run through npm test, which starts RabbitMQ for the tests');
const brokerUrl: string = url;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let admin: ChannelModel;
beforeAll(async () => {
  admin = await amqp.connect(brokerUrl);
});
afterAll(async () => {
  await admin.close();
});

/** Runs one broker operation on a fresh channel, since a failed operation closes the channel it used. */
async function withChannel<T>(operation: (channel: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
  const channel = await admin.createConfirmChannel();
  channel.on('error', () => {});
  try {
    return await operation(channel);
  } finally {
    await channel.close().catch(() => {});
  }
}

const create = (
  options: {
    url?: string;
    waitTimeoutMs?: number;
    logger?: QueueLogger;
    outageHoldMs?: number;
    namespace?: string;
  } = {},
) =>
  createAmqpTransport({
    url: options.url ?? brokerUrl,
    outageHoldMs: options.outageHoldMs,
    namespace: options.namespace,
    maxDeliveries: MAX_DELIVERIES,
    logger: options.logger ?? recordingLogger().logger,
    backoffMs: { min: 20, max: 300 },
    waitTimeoutMs: options.waitTimeoutMs ?? 10_000,
  });

const deleteQueues = (queues: string[]) =>
  withChannel(async (channel) => {
    for (const queue of queues) await channel.deleteQueue(queue);
  });

registerQueueContract('amqp', {
  create: (logger, options) => create({ logger, ...options }),
  publishRaw: (_transport, queue, body) =>
    withChannel(async (channel) => {
      channel.sendToQueue(queue, Buffer.from(body), { persistent: true });
      await channel.waitForConfirms();
    }),
  depth: (_transport, queue) =>
    withChannel((channel) => channel.checkQueue(queue)).then(
      (reply) => reply.messageCount,
      () => 0,
    ),
  deleteQueues,
});

describe('amqp transport', () => {
  const transports: QueueTransport[] = [];
  const queues: string[] = [];
  const newQueue = () => {
    const queue = `test_${randomUUID()}`;
    queues.push(queue, deadLetterQueue(queue));
    return queue;
  };
  const track = (transport: QueueTransport) => (transports.push(transport), transport);
  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
    await deleteQueues(queues.splice(0));
  });

  it('declares durable quorum queues limited to maxDeliveries - 1 redeliveries, and publishes persistently', async () => {
    const queue = newQueue();
    const transport = track(create());
    const message = envelope('persist me');
    await transport.publish(queue, message);
    const expected = {
      'x-queue-type': 'quorum',
      'x-delivery-limit': MAX_DELIVERIES - 1,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': deadLetterQueue(queue),
    };
    // Re-declaring with the same arguments succeeds and with any other fails: the broker's equivalence check.
    await withChannel((channel) => channel.assertQueue(queue, { durable: true, arguments: expected }));
    const other = { ...expected, 'x-delivery-limit': MAX_DELIVERIES };
    await expect(
      withChannel((c) => c.assertQueue(queue, { durable: true, arguments: other })),
    ).rejects.toThrow(/PRECONDITION_FAILED/);
    const stored = await withChannel((channel) => channel.get(queue, { noAck: true }));
    expect(stored && stored.properties).toMatchObject({ deliveryMode: 2, messageId: message.id });
  });

  it('declares its queues under its namespace, so a deployment with another limit connects beside it', async () => {
    const deployments = [
      { namespace: `ns${randomUUID().slice(0, 8)}.`, maxDeliveries: MAX_DELIVERIES },
      { namespace: `ns${randomUUID().slice(0, 8)}.`, maxDeliveries: MAX_DELIVERIES + 2 },
    ];
    const product = deployments.flatMap(({ namespace }) => QUEUE_NAMES.map((queue) => namespace + queue));
    queues.push(...product, ...product.map(deadLetterQueue));
    // Had either declared the bare product queues, the other's different x-delivery-limit would be refused.
    const transports = deployments.map((options) =>
      track(createAmqpTransport({ url: brokerUrl, backoffMs: { min: 20, max: 100 }, ...options })),
    );
    for (const transport of transports) await waitUntil(() => transport.ping(), 'connected');
    for (const queue of product) await withChannel((channel) => channel.checkQueue(queue));

    const got = collect();
    const [first] = transports;
    await first!.consume(QUEUE_NAMES[0]!, got.handler);
    const message = envelope('namespaced');
    await first!.publish(QUEUE_NAMES[0]!, message);
    await got.waitFor(1);
    expect(got.deliveries[0]!.envelope).toEqual(message);
  });

  it('replays a dead-letter queue: each message back on its queue with a fresh allowance, none lost', async () => {
    const queue = newQueue();
    const transport = track(create());
    let fixed = false;
    const got = collect(() => (fixed ? Promise.resolve() : Promise.reject(new Error('bug, fixed later'))));
    await transport.consume(queue, got.handler);
    const messages = [envelope('one'), envelope('two')];
    for (const message of messages) await transport.publish(queue, message);
    await waitUntil(async () => (await countDeadLetters({ url: brokerUrl, queue })) === 2, 'dead-lettered');

    fixed = true;
    const before = got.deliveries.length;
    expect(await replayDeadLetters({ url: brokerUrl, queue, limit: 1 })).toEqual({ replayed: 1, left: 1 });
    expect(await replayDeadLetters({ url: brokerUrl, queue })).toEqual({ replayed: 1, left: 0 });
    await got.waitFor(before + 2);
    const replayed = got.deliveries.slice(before);
    expect(replayed.map((d) => d.envelope.id).sort()).toEqual(messages.map((m) => m.id).sort());
    expect(replayed.map((d) => d.attempt)).toEqual([1, 1]);
    await expect(replayDeadLetters({ url: brokerUrl, queue: `missing_${randomUUID()}` })).rejects.toThrow(
      /NOT_FOUND/,
    );
  });

  it('gives the message of a consumer process killed mid-handler to the next consumer, as attempt 2', async () => {
    const queue = newQueue();
    const transport = track(create());
    const message = envelope('outlives its worker');
    await transport.publish(queue, message);

    const child = await runDyingConsumer(queue);
    expect(child.signal).toBe('SIGKILL');
    expect(JSON.parse(child.stdout.trim())).toEqual({ id: message.id, attempt: 1 });

    const next = collect();
    await transport.consume(queue, next.handler);
    await next.waitFor(1);
    expect(next.deliveries[0]).toMatchObject({ envelope: message, attempt: 2, isLastAttempt: false });
  });

  it('after the connection drops, reconnects: consumers resume and publishes go through', async () => {
    const queue = newQueue();
    const proxy = await startProxy(brokerUrl);
    const transport = track(create({ url: proxy.url }));
    const got = collect();
    await transport.consume(queue, got.handler);
    await transport.publish(queue, envelope(1));
    await got.waitFor(1);

    proxy.dropConnections();
    await transport.publish(queue, envelope(2));
    // Message 1 may come again: its ack can be lost with the connection (at-least-once; consumers dedupe).
    await waitUntil(() => got.deliveries.some((d) => d.envelope.payload === 2), 'message 2 after reconnect');
    await proxy.close();
  });

  it('holds a publish made while RabbitMQ is unreachable until it is back', async () => {
    const queue = newQueue();
    const proxy = await startProxy(brokerUrl);
    const transport = track(create({ url: proxy.url }));
    const got = collect();
    await transport.consume(queue, got.handler);

    await proxy.stopListening();
    const publishing = transport.publish(queue, envelope('waited'));
    await sleep(500);
    expect(await transport.ping()).toBe(false);
    await proxy.listen();
    await publishing;
    await got.waitFor(1);
    expect(await transport.ping()).toBe(true);
    await proxy.close();
  });

  it('rejects publish and consume once RabbitMQ stayed unreachable for waitTimeoutMs', async () => {
    const port = await closedPort();
    const transport = track(create({ url: `amqp://guest:guest@127.0.0.1:${port}`, waitTimeoutMs: 400 }));
    await expect(transport.publish(newQueue(), envelope('lost?'))).rejects.toThrow(/unavailable/);
    await expect(transport.consume(newQueue(), async () => {})).rejects.toThrow(/unavailable/);
    expect(await transport.ping()).toBe(false);
  });
});

function runDyingConsumer(queue: string): Promise<{ signal: NodeJS.Signals | null; stdout: string }> {
  const fixture = path.join(repoRoot, 'platform/test/fixtures/dying-consumer.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, queue], {
    cwd: repoRoot,
    env: { ...process.env, TEST_AMQP_URL: brokerUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' || !stdout) console.error(`dying consumer exited with ${code}: ${stderr}`);
      resolve({ signal, stdout });
    }),
  );
}
