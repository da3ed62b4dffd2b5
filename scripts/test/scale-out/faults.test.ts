/**
 * The fault suite's short form (scripts/faults/suite.ts; `npm run test:faults` is the long one): each
 * fault once under load — a server and a worker killed with -9, RabbitMQ restarted, PostgreSQL stopped
 * as by a crash — then every invariant checked from the database and the object store. PostgreSQL and
 * RabbitMQ are this file's own, so restarting them disturbs no other suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResult, runFaultSuite, type Fault } from '../../faults/suite';
import { startServices } from '../../topology/services';
import { testServices } from './support';

describe('the product under faults', () => {
  let services: Awaited<ReturnType<typeof startServices>>;

  beforeAll(async () => {
    services = await startServices(() => {}, { own: true });
  }, 180_000);
  afterAll(async () => {
    await services?.stop();
  });

  it('keeps every token, image and notification through a kill -9 of a server and a worker and restarts of RabbitMQ and PostgreSQL', async () => {
    const result = await runFaultSuite({
      ...services.settings,
      // The object store `npm test` started: only the images of this run's generations are checked.
      s3: testServices(services.settings.databaseUrl).s3,
      postgres: services.postgres,
      rabbit: services.rabbit,
      // FAULTS=rabbitmq,postgres tries some of them only, while looking into one.
      ...(process.env.FAULTS ? { faults: process.env.FAULTS.split(',') as Fault[] } : {}),
      calmMs: 6_000,
      downMs: 1_500,
      log: (message) => console.log(message),
    });
    console.log(formatResult(result));
    expect(result.violations).toEqual([]);
    if (!process.env.FAULTS) expect(result.injected).toEqual(['server', 'worker', 'rabbitmq', 'postgres']);
    // The load really ran through the faults, on both servers.
    expect(result.counts['generations succeeded']).toBeGreaterThan(10);
    expect(result.clients['like:ok']).toBeGreaterThan(10);
    expect(result.clients['comment:ok']).toBeGreaterThan(10);
    expect(Object.values(result.served).every((n) => n > 50)).toBe(true);
  });
});
