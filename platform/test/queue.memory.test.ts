/**
 * The in-process transport against the shared queue contract, plus what only it has to promise: handlers
 * never run inside publish(), and nothing is delivered after close().
 */
import { describe, expect, it } from 'vitest';
import {
  DependencyUnavailableError,
  createMemoryTransport,
  createQueueTransport,
  type MemoryTransport,
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

registerQueueContract<MemoryTransport>('memory', {
  create: (logger, options) =>
    createMemoryTransport({
      maxDeliveries: MAX_DELIVERIES,
      logger,
      backoffMs: { min: 20, max: 300 },
      ...options,
    }),
  publishRaw: async (transport, queue, body) => transport.publishRaw(queue, body),
  depth: async (transport, queue) => transport.depth(queue),
  deleteQueues: async () => {}, // Queues die with the transport.
});

describe('memory transport', () => {
  it('takes how long it holds a message through an outage from QUEUE_OUTAGE_HOLD_SECONDS', async () => {
    const transport = createQueueTransport({ QUEUE_MAX_DELIVERIES: 3, QUEUE_OUTAGE_HOLD_SECONDS: 1 });
    const got = collect(() => Promise.reject(new DependencyUnavailableError('still down')));
    await transport.consume('q', got.handler);
    const started = Date.now();
    await transport.publish('q', envelope('held'));
    await waitUntil(() => got.deliveries.some((d) => d.attempt === 2), 'the second attempt', 5_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await transport.close();
  });

  it('never calls a handler inside publish()', async () => {
    const transport = createMemoryTransport({ maxDeliveries: 3, logger: recordingLogger().logger });
    const got = collect();
    await transport.consume('q', got.handler);
    const publishing = transport.publish('q', envelope(1));
    expect(got.deliveries).toHaveLength(0);
    await publishing;
    await got.waitFor(1);
    await transport.close();
  });

  it('delivers nothing after close(), and keeps un-acked messages out of closed handlers', async () => {
    const transport = createMemoryTransport({ maxDeliveries: 3 });
    const got = collect(() => new Promise(() => {}));
    await transport.consume('q', got.handler);
    await transport.publish('q', envelope(1));
    await got.waitFor(1);
    await transport.close();
    await sleep(50);
    expect(got.deliveries).toHaveLength(1);
    expect(transport.depth('q')).toBe(1);
  });
});
