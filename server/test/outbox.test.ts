import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import type { Delivery } from '@style-license/platform/queue';
import { consumeOnce } from '../src/messaging/consume-once';
import { enqueue } from '../src/messaging/outbox';
import { publishBatch } from '../src/messaging/relay';
import { amqpUrl, createTestDeps, type TestServerDeps } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const until = async (condition: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('transactional outbox over RabbitMQ', () => {
  let deps: TestServerDeps;
  const relay = () => publishBatch(deps, 50);
  const unsent = async () =>
    (await deps.database.db.select().from(schema.outbox)).filter((row) => row.sentAt === null);

  beforeAll(async () => {
    deps = await createTestDeps({ queue: 'amqp' });
  });
  afterAll(async () => {
    await deps?.dispose();
  });

  it('never publishes a row written in a rolled-back transaction', async () => {
    const queue = `outbox_${randomUUID()}`;
    const received: Delivery[] = [];
    const sub = await deps.queue.consume(queue, async (d) => void received.push(d));
    await expect(
      deps.database.db.transaction(async (tx) => {
        await enqueue(tx, { queue, type: 'test.job', payload: { n: 1 } });
        throw new Error('the charge failed');
      }),
    ).rejects.toThrow('the charge failed');
    expect(await relay()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    await sub.cancel();
    expect(received).toHaveLength(0);
    expect(await unsent()).toHaveLength(0);
  });

  it('publishes a committed row once confirmed, with its id and request id, and marks it sent', async () => {
    const queue = `outbox_${randomUUID()}`;
    const received: Delivery[] = [];
    const sub = await deps.queue.consume(queue, async (d) => void received.push(d));
    const id = await deps.database.db.transaction((tx) =>
      enqueue(tx, { queue, type: 'test.job', payload: { n: 2 }, requestId: 'req-outbox-1' }),
    );
    expect(await relay()).toBe(1);
    await until(() => received.length === 1);
    await sub.cancel();
    expect(received[0]!.envelope).toMatchObject({
      id,
      type: 'test.job',
      requestId: 'req-outbox-1',
      payload: { n: 2 },
    });
    const [row] = await deps.database.db.select().from(schema.outbox).where(eq(schema.outbox.id, id));
    expect(row!.sentAt).toBeInstanceOf(Date);
    expect(await relay()).toBe(0); // nothing published twice in normal operation
  });

  it('handles a message exactly once when the relay is killed between publish and mark', async () => {
    const queue = `outbox_${randomUUID()}`;
    const id = await deps.database.db.transaction((tx) =>
      enqueue(tx, { queue, type: 'test.job', payload: { n: 3 } }),
    );

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/test/fixtures/relay-dies-after-publish.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: deps.database.url, AMQP_URL: amqpUrl() },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const [, signal] = await new Promise<[number | null, string | null]>((r) =>
      child.on('exit', (code, sig) => r([code, sig])),
    );
    expect(signal).toBe('SIGKILL');
    expect((await unsent()).map((r) => r.id)).toEqual([id]); // published, but never marked

    expect(await relay()).toBe(1); // so it goes out again: at least once

    const deliveries: string[] = [];
    const effects: string[] = [];
    let settled = 0;
    const handler = consumeOnce(
      deps.database,
      'outbox-test',
      async (_tx, d) => void effects.push(d.envelope.id),
    );
    const sub = await deps.queue.consume(queue, async (d) => {
      deliveries.push(d.envelope.id);
      await handler(d).finally(() => settled++);
    });
    await until(() => settled === 2);
    await sub.cancel();
    expect(deliveries).toEqual([id, id]);
    expect(effects).toEqual([id]); // …and exactly once in effect
    const [processed] = await deps.database.db
      .select({ n: count() })
      .from(schema.processedEvents)
      .where(eq(schema.processedEvents.eventId, id));
    expect(processed!.n).toBe(1);
  });
});
