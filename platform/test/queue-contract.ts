/**
 * The queue contract, written once and run against every transport: what transport.ts promises, shown
 * held. Each test uses its own `test_<uuid>` queue and every transport is created with maxDeliveries 3.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '@style-license/shared';
import {
  DependencyUnavailableError,
  UnprocessableMessageError,
  deadLetterQueue,
  type Delivery,
  type QueueLogger,
  type QueueTransport,
} from '../src/queue/index';

export const MAX_DELIVERIES = 3;

export interface ContractHarness<T extends QueueTransport = QueueTransport> {
  /** A fresh transport with maxDeliveries = MAX_DELIVERIES and short outage backoff (≤ 300 ms). */
  create(logger: QueueLogger, options?: { outageHoldMs?: number }): T;
  /** Puts a body on the queue bypassing validation (a broken producer). The queue has a consumer by then. */
  publishRaw(transport: T, queue: string, body: string): Promise<void>;
  /** Messages ready in the queue (not being handled). */
  depth(transport: T, queue: string): Promise<number>;
  deleteQueues(queues: string[]): Promise<void>;
}

export function registerQueueContract<T extends QueueTransport>(name: string, harness: ContractHarness<T>) {
  describe(`${name} transport: queue contract`, () => {
    const transports: T[] = [];
    const queues: string[] = [];
    let logs: LogEntry[] = [];

    const setup = (options: { outageHoldMs?: number } = {}) => {
      const recorder = recordingLogger();
      logs = recorder.entries;
      const transport = harness.create(recorder.logger, options);
      transports.push(transport);
      const queue = `test_${randomUUID()}`;
      queues.push(queue, deadLetterQueue(queue));
      return { transport, queue };
    };

    afterEach(async () => {
      await Promise.all(transports.splice(0).map((t) => t.close()));
      await harness.deleteQueues(queues.splice(0));
    });

    it('delivers a published envelope once; after the ack it is gone', async () => {
      const { transport, queue } = setup();
      const first = collect();
      const subscription = await transport.consume(queue, first.handler);
      const message = envelope({ n: 1 });
      await transport.publish(queue, message);
      await first.waitFor(1);
      expect(first.deliveries).toEqual([{ envelope: message, attempt: 1, isLastAttempt: false }]);
      await subscription.cancel();

      const second = collect();
      await transport.consume(queue, second.handler);
      await sleep(300);
      expect(second.deliveries).toEqual([]);
      expect(await harness.depth(transport, queue)).toBe(0);
    });

    it('delivers in publish order', async () => {
      const { transport, queue } = setup();
      const messages = [envelope(1), envelope(2), envelope(3)];
      for (const message of messages) await transport.publish(queue, message);
      const got = collect();
      await transport.consume(queue, got.handler, { prefetch: 1 });
      await got.waitFor(3);
      expect(got.deliveries.map((d) => d.envelope.id)).toEqual(messages.map((m) => m.id));
    });

    it('retries a throwing handler, then dead-letters the message after maxDeliveries', async () => {
      const { transport, queue } = setup();
      const failing = collect(() => Promise.reject(new Error('handler broke')));
      await transport.consume(queue, failing.handler);
      const message = envelope('doomed');
      await transport.publish(queue, message);
      await failing.waitFor(MAX_DELIVERIES);
      expect(failing.deliveries.map((d) => [d.attempt, d.isLastAttempt])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);

      const dead = collect();
      await transport.consume(deadLetterQueue(queue), dead.handler);
      await dead.waitFor(1);
      expect(dead.deliveries[0]!.envelope).toEqual(message);
      await sleep(200);
      expect(failing.deliveries).toHaveLength(MAX_DELIVERIES);
    });

    it('holds a message through a dependency outage without using deliveries, then handles it once', async () => {
      const { transport, queue } = setup();
      // More failures than deliveries allowed: a returned message would have been dead-lettered by now.
      const outage = MAX_DELIVERIES + 3;
      const down = () => Promise.reject(new DependencyUnavailableError('database unreachable'));
      const got = collect((_, index) => (index < outage ? down() : Promise.resolve()));
      await transport.consume(queue, got.handler);
      const message = envelope('survives the outage');
      await transport.publish(queue, message);
      await got.waitFor(outage + 1);
      expect(got.deliveries.every((d) => d.attempt === 1 && d.envelope.id === message.id)).toBe(true);
      await sleep(300);
      expect(got.deliveries).toHaveLength(outage + 1);
      expect(await harness.depth(transport, queue)).toBe(0);
      expect(await harness.depth(transport, deadLetterQueue(queue))).toBe(0);
    });

    it('holds a message whose transaction keeps losing a race (deadlock), instead of dead-lettering it', async () => {
      const { transport, queue } = setup();
      const conflicts = MAX_DELIVERIES + 2;
      const deadlock = () => Promise.reject(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
      const got = collect((_, index) => (index < conflicts ? deadlock() : Promise.resolve()));
      await transport.consume(queue, got.handler);
      const message = envelope('retried after a deadlock');
      await transport.publish(queue, message);
      await got.waitFor(conflicts + 1);
      expect(got.deliveries.every((d) => d.attempt === 1 && d.envelope.id === message.id)).toBe(true);
      await sleep(300);
      expect(got.deliveries).toHaveLength(conflicts + 1);
      expect(await harness.depth(transport, deadLetterQueue(queue))).toBe(0);
    });

    it('returns a message held through an outage longer than the hold limit, as its next attempt', async () => {
      const { transport, queue } = setup({ outageHoldMs: 250 });
      const got = collect(() => Promise.reject(new DependencyUnavailableError('store unreachable')));
      await transport.consume(queue, got.handler);
      await transport.publish(queue, envelope('held too long'));
      await waitUntil(() => got.deliveries.some((d) => d.attempt === 2), 'a second attempt');
      expect(got.deliveries.filter((d) => d.attempt === 1).length).toBeGreaterThan(1);
    });

    it('dead-letters a message its handler calls unprocessable at once, without retrying it', async () => {
      const { transport, queue } = setup();
      const got = collect(() => Promise.reject(new UnprocessableMessageError('fails its schema')));
      await transport.consume(queue, got.handler);
      const message = envelope('hopeless');
      await transport.publish(queue, message);
      const dead = collect();
      await transport.consume(deadLetterQueue(queue), dead.handler);
      await dead.waitFor(1);
      expect(dead.deliveries[0]!.envelope).toEqual(message);
      expect(got.deliveries).toHaveLength(1);
    });

    it('with prefetch 1, holds back the second message until the first is acked', async () => {
      const { transport, queue } = setup();
      const release = deferred();
      const got = collect((d, index) => (index === 0 ? release.promise : Promise.resolve()));
      await transport.consume(queue, got.handler, { prefetch: 1 });
      const [a, b] = [envelope('a'), envelope('b')];
      await transport.publish(queue, a);
      await transport.publish(queue, b);
      await got.waitFor(1);
      await sleep(300);
      expect(got.deliveries.map((d) => d.envelope.id)).toEqual([a.id]);
      release.resolve();
      await got.waitFor(2);
      expect(got.deliveries.map((d) => d.envelope.id)).toEqual([a.id, b.id]);
    });

    it('with prefetch 2, hands out two messages at once', async () => {
      const { transport, queue } = setup();
      const release = deferred();
      const got = collect(() => release.promise);
      await transport.consume(queue, got.handler, { prefetch: 2 });
      for (const n of [1, 2, 3]) await transport.publish(queue, envelope(n));
      await got.waitFor(2);
      await sleep(200);
      expect(got.deliveries).toHaveLength(2);
      release.resolve();
      await got.waitFor(3);
    });

    it('gives a message that was not acked before cancel() to the next consumer, as attempt 2', async () => {
      const { transport, queue } = setup();
      const stuck = collect(() => new Promise(() => {}));
      const subscription = await transport.consume(queue, stuck.handler);
      const message = envelope('abandoned');
      await transport.publish(queue, message);
      await stuck.waitFor(1);
      await subscription.cancel();

      const next = collect();
      await transport.consume(queue, next.handler);
      await next.waitFor(1);
      expect(next.deliveries[0]).toEqual({ envelope: message, attempt: 2, isLastAttempt: false });
    });

    it('dead-letters a malformed message without calling the handler, and keeps consuming', async () => {
      const { transport, queue } = setup();
      const got = collect();
      await transport.consume(queue, got.handler);
      await harness.publishRaw(transport, queue, 'not json {');
      await harness.publishRaw(transport, queue, JSON.stringify({ id: 'not-a-uuid', type: 'x', payload: 1 }));
      const good = envelope('fine');
      await transport.publish(queue, good);
      await got.waitFor(1);
      await waitUntil(async () => (await harness.depth(transport, deadLetterQueue(queue))) === 2);
      expect(got.deliveries.map((d) => d.envelope.id)).toEqual([good.id]);
      expect(logs.filter((entry) => entry.level === 'error')).toHaveLength(2);
    });

    it('refuses to publish an envelope that breaks the schema', async () => {
      const { transport, queue } = setup();
      const broken = { ...envelope('x'), id: 'not-a-uuid' } as Envelope;
      await expect(transport.publish(queue, broken)).rejects.toThrow(/invalid envelope/);
    });

    it('answers ping while open; after close(), ping is false and publish rejects', async () => {
      const { transport, queue } = setup();
      await waitUntil(() => transport.ping());
      await transport.close();
      expect(await transport.ping()).toBe(false);
      await expect(transport.publish(queue, envelope('late'))).rejects.toThrow(/closed/);
    });
  });
}

export interface LogEntry {
  level: string;
  fields: unknown;
  message: string | undefined;
}

export function recordingLogger(): { logger: QueueLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (fields: unknown, message?: string) =>
    void entries.push({ level, fields, message });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, entries };
}

export function envelope(payload: unknown): Envelope {
  return { id: randomUUID(), type: 'test.message', createdAt: new Date().toISOString(), payload };
}

/** A handler that records deliveries, then behaves as `behaviour` says (resolves by default). */
export function collect(
  behaviour: (delivery: Delivery, index: number) => Promise<void> = () => Promise.resolve(),
) {
  const deliveries: Delivery[] = [];
  return {
    deliveries,
    handler: (delivery: Delivery) => behaviour(delivery, deliveries.push(delivery) - 1),
    waitFor: (count: number) => waitUntil(() => deliveries.length >= count, `${count} deliveries`),
  };
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what = 'condition',
  timeoutMs = 8_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
