/**
 * Housekeeping of messaging rows on PostgreSQL: sent outbox rows and processed-event ids past their
 * retention go, oldest first and a bounded number per run; unsent rows and recent ones stay.
 */
import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { JOB_TYPES } from '@style-license/shared';
import { purgeMessaging, type MessagingRetention } from '../src/messaging/housekeeping';
import { readyStyle } from './generation-support';
import { createTestDeps, type TestServerDeps } from './support';

const { outbox, processedEvents, trainingJobs } = schema;
const NOW = new Date('2030-06-01T12:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3600_000);
const retention: MessagingRetention = {
  outboxRetentionHours: 24,
  processedEventsRetentionDays: 7,
  keepWaitingJobRequests: false,
};

describe('purging messaging rows', () => {
  let deps: TestServerDeps;
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    await deps?.dispose();
  });
  beforeEach(async () => {
    await deps.database.db.delete(outbox);
    await deps.database.db.delete(processedEvents);
  });

  /** Outbox rows created `hours` ago; sent then too unless `sent` is false. */
  async function rows(count: number, hours: number, options: { sent?: boolean; type?: string } = {}) {
    const inserted = await deps.database.db
      .insert(outbox)
      .values(
        Array.from({ length: count }, (_, index) => ({
          queue: 'job_events',
          type: options.type ?? 'test.event',
          payload: { index },
          createdAt: hoursAgo(hours + index / 100),
          sentAt: options.sent === false ? null : hoursAgo(hours + index / 100),
        })),
      )
      .returning({ id: outbox.id });
    return inserted.map((row) => row.id);
  }
  const remaining = async (ids: string[]) =>
    (await deps.database.db.select({ id: outbox.id }).from(outbox).where(inArray(outbox.id, ids))).length;

  it('never purges an unsent row, however old, and keeps sent rows within the retention', async () => {
    const unsent = await rows(3, 24 * 30, { sent: false });
    const recent = await rows(3, 23);
    const old = await rows(3, 25);
    const purged = await purgeMessaging(deps.database.db, retention, NOW);
    expect(purged.outbox).toBe(3);
    expect(await remaining(unsent)).toBe(3);
    expect(await remaining(recent)).toBe(3);
    expect(await remaining(old)).toBe(0);
  });

  it('purges at most batchSize × maxBatches rows per run, oldest first; the next run goes on', async () => {
    const old = await rows(7, 48); // index 6 is the oldest
    const bounded = { ...retention, batchSize: 2, maxBatches: 2 };
    expect((await purgeMessaging(deps.database.db, bounded, NOW)).outbox).toBe(4);
    expect(await remaining(old.slice(3))).toBe(0);
    expect(await remaining(old.slice(0, 3))).toBe(3);
    expect((await purgeMessaging(deps.database.db, bounded, NOW)).outbox).toBe(3);
    expect((await purgeMessaging(deps.database.db, bounded, NOW)).outbox).toBe(0);
  });

  it('purges processed-event ids past their retention only', async () => {
    const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
    const old = ids(5);
    const recent = ids(2);
    await deps.database.db
      .insert(processedEvents)
      .values([
        ...old.map((eventId) => ({ consumer: 'c', eventId, processedAt: hoursAgo(24 * 8) })),
        ...recent.map((eventId) => ({ consumer: 'c', eventId, processedAt: hoursAgo(24 * 6) })),
      ]);
    const purged = await purgeMessaging(deps.database.db, { ...retention, batchSize: 2 }, NOW);
    expect(purged.processedEvents).toBe(5);
    const left = await deps.database.db.select({ eventId: processedEvents.eventId }).from(processedEvents);
    expect(left.map((row) => row.eventId).sort()).toEqual([...recent].sort());
  });

  it('on the in-process queue, keeps the sent request of a job still waiting (a restart republishes it)', async () => {
    const { style } = await readyStyle(deps);
    const [job] = await deps.database.db
      .insert(trainingJobs)
      .values({ styleId: style.id, engine: 'quilt' })
      .returning();
    const [request] = await deps.database.db
      .insert(outbox)
      .values({
        queue: 'model_training.quilt',
        type: JOB_TYPES.trainingRequested,
        payload: { jobId: job!.id },
        createdAt: hoursAgo(72),
        sentAt: hoursAgo(72),
      })
      .returning({ id: outbox.id });
    const other = await rows(2, 72);
    const keep = { ...retention, keepWaitingJobRequests: true };
    expect((await purgeMessaging(deps.database.db, keep, NOW)).outbox).toBe(2);
    expect(await remaining([request!.id])).toBe(1);
    expect(await remaining(other)).toBe(0);
    // On a durable broker the row has done its job and goes too.
    expect((await purgeMessaging(deps.database.db, retention, NOW)).outbox).toBe(1);
  });
});
