// The fault-injection suite restarts PostgreSQL and RabbitMQ under the running product: a restart must
// keep what was committed (crash recovery included) and bring the service back where clients expect it.
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import amqp from 'amqplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface OwnPostgres {
  url: string;
  restart(options?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}
interface OwnRabbitMQ {
  url: string;
  env: { RABBITMQ_MNESIA_BASE: string };
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}
type Options = { log?: (message: string) => void; own?: boolean };
// Plain .mjs modules: imported by URL so TypeScript does not need declarations for them.
const { startPostgres } = (await import(new URL('../services/postgres.mjs', import.meta.url).href)) as {
  startPostgres(options: Options): Promise<OwnPostgres>;
};
const { startRabbitMQ } = (await import(new URL('../services/rabbitmq.mjs', import.meta.url).href)) as {
  startRabbitMQ(options: Options): Promise<OwnRabbitMQ>;
};

const TIMEOUT_MS = 120_000;

/**
 * Starts a service with `own: true` while `variable` names a server that answers (a bare TCP listener):
 * without `own`, the starter would take that one instead of starting its own.
 */
async function startOwnDespite<T extends { url: string }>(variable: string, start: () => Promise<T>) {
  const decoy = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
  const { port } = decoy.address() as net.AddressInfo;
  const decoyUrl = `${variable === 'AMQP_URL' ? 'amqp' : 'postgres'}://u:p@127.0.0.1:${port}/x`;
  const previous = process.env[variable];
  process.env[variable] = decoyUrl;
  try {
    const service = await start();
    expect(service.url).not.toBe(decoyUrl);
    return service;
  } finally {
    if (previous === undefined) delete process.env[variable];
    else process.env[variable] = previous;
    decoy.close();
  }
}

describe('an own PostgreSQL, restarted', () => {
  let postgres: OwnPostgres | undefined;
  beforeAll(async () => {
    postgres = await startOwnDespite('TEST_DATABASE_URL', () => startPostgres({ log: () => {}, own: true }));
  }, TIMEOUT_MS);
  afterAll(() => postgres?.stop(), TIMEOUT_MS);

  it(
    "keeps committed rows through an 'immediate' stop (crash recovery) and cuts off old clients",
    async () => {
      const server = postgres!;
      const before = new pg.Client({ connectionString: server.url });
      const dropped: Error[] = [];
      before.on('error', (error) => dropped.push(error));
      await before.connect();
      await before.query('CREATE TABLE survivors (id int PRIMARY KEY, name text)');
      await before.query("INSERT INTO survivors VALUES (1, 'committed before the crash')");

      await server.restart({ mode: 'immediate' });

      await expect(before.query('SELECT 1')).rejects.toThrow();
      expect(dropped.map((error) => error.message).join('\n')).toMatch(/terminat/i);
      await before.end().catch(() => {});

      const after = new pg.Client({ connectionString: server.url });
      try {
        await after.connect();
        const { rows } = await after.query('SELECT name FROM survivors WHERE id = 1');
        expect(rows).toEqual([{ name: 'committed before the crash' }]);
        await after.query("INSERT INTO survivors VALUES (2, 'written after the restart')");
        const count = await after.query('SELECT count(*)::int AS n FROM survivors');
        expect(count.rows[0].n).toBe(2);
      } finally {
        await after.end();
      }
    },
    TIMEOUT_MS,
  );
});

describe('an own RabbitMQ node, restarted', () => {
  let rabbit: OwnRabbitMQ | undefined;
  beforeAll(async () => {
    rabbit = await startOwnDespite('AMQP_URL', () => startRabbitMQ({ own: true }));
  }, TIMEOUT_MS);
  afterAll(() => rabbit?.stop(), TIMEOUT_MS);

  it(
    'keeps a durable queue and its persistent message, and stop() still removes the node after it',
    async () => {
      const broker = rabbit!;
      const queue = 'restart-survivor';
      const before = await amqp.connect(broker.url);
      const publishing = await before.createConfirmChannel();
      await publishing.assertQueue(queue, { durable: true });
      publishing.sendToQueue(queue, Buffer.from('persisted'), { persistent: true });
      await publishing.waitForConfirms(); // Rejects when the broker nacks the message.
      await before.close();

      await broker.restart();

      const after = await amqp.connect(broker.url);
      try {
        const channel = await after.createChannel();
        expect((await channel.checkQueue(queue)).messageCount).toBe(1);
        const message = await channel.get(queue, { noAck: false });
        expect(message && message.content.toString()).toBe('persisted');
        channel.ack(message as amqp.GetMessage);
        expect((await channel.checkQueue(queue)).messageCount).toBe(0);
      } finally {
        await after.close();
      }

      const dir = path.dirname(broker.env.RABBITMQ_MNESIA_BASE);
      expect(existsSync(dir)).toBe(true);
      rabbit = undefined;
      await broker.stop();
      expect(existsSync(dir)).toBe(false);
    },
    TIMEOUT_MS,
  );
});
