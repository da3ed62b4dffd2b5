/**
 * The time left of a training run: a progress event's `etaSeconds` becomes the run's estimated finish
 * (arrival + ETA), shown to its artist on `training.status` and `styles.mine` while the run is live; an
 * event without one keeps the last estimate, and the run's end (completed, failed, swept) clears it.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { JOB_TYPES, trainingKeys, type MyStyle } from '@style-license/shared';
import { buildApp } from '../src/app';
import { failTrainingJob, trainingEventHandlers } from '../src/domains/training/events';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

describe('the estimated finish of a training run', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  /** A first run just queued, made directly in the database (submitting has its own tests). */
  async function queuedRun() {
    const artist = await signInAs(deps, { role: 'artist' });
    const [style] = await deps.database.db
      .insert(schema.styles)
      .values({ artistId: artist.user.id, name: 'Night Ink', priceTokens: 5, status: 'queued' })
      .returning();
    const [job] = await deps.database.db
      .insert(schema.trainingJobs)
      .values({ styleId: style!.id, engine: 'quilt' })
      .returning();
    return { headers: artist.browser, styleId: style!.id, jobId: job!.id };
  }

  type Run = Awaited<ReturnType<typeof queuedRun>>;
  const apply = (type: string, payload: object) =>
    deps.database.db.transaction((tx) => trainingEventHandlers(deps.logger)[type]!(tx, payload));
  const progress = (run: Run, fields: { progress: number; etaSeconds?: number; loss?: number }) =>
    apply(JOB_TYPES.trainingProgress, { jobId: run.jobId, styleId: run.styleId, ...fields });

  /** The estimate as both places the artist reads it say it; they must agree. */
  async function estimateOf(run: Run): Promise<string | null> {
    const status = await callTrpc(app, 'training.status', {
      input: { styleId: run.styleId },
      headers: run.headers,
    });
    expect(status.status, JSON.stringify(status.error)).toBe(200);
    const fromStatus = (status.data as { job: { estimatedFinishAt: string | null } }).job.estimatedFinishAt;
    const mine = (await callTrpc(app, 'styles.mine', { headers: run.headers })).data as MyStyle[];
    const fromMine = mine.find((s) => s.id === run.styleId)!.training!.estimatedFinishAt;
    expect(fromMine).toBe(fromStatus);
    return fromStatus;
  }

  /** Applies an event with an ETA and checks the estimate is arrival + ETA; returns it. */
  async function progressWithEta(run: Run, progressValue: number, etaSeconds: number) {
    const before = Date.now();
    await progress(run, { progress: progressValue, etaSeconds });
    const after = Date.now();
    const estimate = await estimateOf(run);
    expect(estimate).not.toBeNull();
    const at = new Date(estimate!).getTime();
    expect(at).toBeGreaterThanOrEqual(before + etaSeconds * 1000);
    expect(at).toBeLessThanOrEqual(after + etaSeconds * 1000);
    return estimate;
  }

  it('has none until the engine gives one, is set from etaSeconds and follows each new ETA', async () => {
    const run = await queuedRun();
    expect(await estimateOf(run)).toBeNull();
    await progress(run, { progress: 5 });
    expect(await estimateOf(run)).toBeNull();
    await progressWithEta(run, 10, 240);
    // A later, shorter estimate replaces it (estimates can go down as well as up).
    const later = await progressWithEta(run, 20, 30);
    expect(new Date(later!).getTime()).toBeLessThan(Date.now() + 60_000);
  });

  it('a progress event without an ETA keeps the last estimate', async () => {
    const run = await queuedRun();
    const estimate = await progressWithEta(run, 10, 300);
    await progress(run, { progress: 40, loss: 0.12 });
    expect(await estimateOf(run)).toBe(estimate);
  });

  it('logs the loss at debug with the job, and stores none of it', async () => {
    const run = await queuedRun();
    await progress(run, { progress: 30, loss: 0.0731, etaSeconds: 60 });
    expect(deps.captured.lines).toContainEqual(
      expect.objectContaining({ level: 20, jobId: run.jobId, loss: 0.0731 }),
    );
  });

  it('is cleared when the run completes', async () => {
    const run = await queuedRun();
    await progressWithEta(run, 50, 120);
    await apply(JOB_TYPES.trainingCompleted, {
      jobId: run.jobId,
      styleId: run.styleId,
      artifactKey: trainingKeys(run.styleId, run.jobId).artifact('quilt'),
      sampleKeys: [],
    });
    expect(await estimateOf(run)).toBeNull();
    const [job] = await deps.database.db
      .select()
      .from(schema.trainingJobs)
      .where(eq(schema.trainingJobs.id, run.jobId));
    expect(job).toMatchObject({ status: 'succeeded', estimatedFinishAt: null });
  });

  it('is cleared when the worker reports a failure, and when the sweeper fails a stalled run', async () => {
    const failed = await queuedRun();
    await progressWithEta(failed, 50, 120);
    await apply(JOB_TYPES.trainingFailed, { jobId: failed.jobId, styleId: failed.styleId });
    expect(await estimateOf(failed)).toBeNull();

    const stalled = await queuedRun();
    await progressWithEta(stalled, 50, 120);
    await deps.database.db.transaction((tx) =>
      failTrainingJob(tx, stalled.jobId, stalled.styleId, { code: 'stalled', seconds: 900 }),
    );
    expect(await estimateOf(stalled)).toBeNull();
    const rows = await deps.database.db
      .select({ status: schema.trainingJobs.status, at: schema.trainingJobs.estimatedFinishAt })
      .from(schema.trainingJobs)
      .where(eq(schema.trainingJobs.styleId, stalled.styleId));
    expect(rows).toEqual([{ status: 'failed', at: null }]);
  });

  it('events for a run that already ended set no estimate', async () => {
    const run = await queuedRun();
    await apply(JOB_TYPES.trainingFailed, { jobId: run.jobId, styleId: run.styleId });
    await progress(run, { progress: 90, etaSeconds: 60 });
    expect(await estimateOf(run)).toBeNull();
  });
});
