/**
 * How fast committed jobs leave through the outbox: rows published to RabbitMQ with publisher
 * confirms and marked sent, on real PostgreSQL. Run by `npm run bench`, which supplies the services.
 */
import { pino } from 'pino';
import { createTestDatabase } from '@style-license/db/testing';
import { createAmqpTransport } from '@style-license/platform/queue';
import { enqueue } from '../src/messaging/outbox';
import { publishBatch } from '../src/messaging/relay';
import { median, report } from '../../scripts/bench-report';

const ROWS = 2000;
const ROUNDS = 5;

const database = await createTestDatabase();
const queue = createAmqpTransport({ url: process.env.TEST_AMQP_URL!, maxDeliveries: 3 });
const logger = pino({ level: 'silent' });
const rates: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < ROWS; i++)
        await enqueue(tx, { queue: 'bench_outbox', type: 'bench', payload: { i } });
    });
    const started = performance.now();
    let sent = 0;
    while (sent < ROWS) sent += await publishBatch({ database, queue, logger }, 100);
    rates.push(ROWS / ((performance.now() - started) / 1000));
  }
} finally {
  await queue.close();
  await database.dispose();
}
report({
  name: 'Outbox relay: rows published with confirms and marked sent',
  rows: [
    {
      metric: `rows/s (batches of 100, ${ROWS} rows × ${ROUNDS} rounds, median)`,
      value: Math.round(median(rates)),
    },
  ],
  notes: 'Real PostgreSQL (fsync on) and a throwaway RabbitMQ node on the same machine; one relay.',
});
