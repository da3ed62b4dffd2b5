import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { JOB_TYPES, trainingKeys } from '@style-license/shared';
import { trainingEventHandlers } from '../src/domains/training/events';
import { sweepStalledTraining } from '../src/domains/training/sweeper';
import { createTestDeps, signInAs, type TestServerDeps } from './support';

const limits = { stallSeconds: 30 * 60, queueTimeoutSeconds: 24 * 3600 };

describe('stuck training jobs and event transitions', () => {
  let deps: TestServerDeps;
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    await deps?.dispose();
  });

  async function queuedJob(minutesSilent: number, status: 'queued' | 'running' = 'running') {
    const { user } = await signInAs(deps, { role: 'artist' });
    const [style] = await deps.database.db
      .insert(schema.styles)
      .values({ artistId: user.id, name: 'S', priceTokens: 5, status: 'training', progress: 40 })
      .returning();
    const [job] = await deps.database.db
      .insert(schema.trainingJobs)
      .values({
        styleId: style!.id,
        engine: 'quilt',
        status,
        lastEventAt: new Date(Date.now() - minutesSilent * 60_000),
      })
      .returning();
    return { userId: user.id, styleId: style!.id, jobId: job!.id };
  }
  const state = async ({ styleId, jobId, userId }: { styleId: string; jobId: string; userId: string }) => ({
    style: (await deps.database.db.select().from(schema.styles).where(eq(schema.styles.id, styleId)))[0]!,
    job: (
      await deps.database.db.select().from(schema.trainingJobs).where(eq(schema.trainingJobs.id, jobId))
    )[0]!,
    notes: await deps.database.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.userId, userId)),
  });

  it('fails a job silent for longer than the stall limit, once, and notifies the artist; leaves a live one alone', async () => {
    const stalled = await queuedJob(45);
    const live = await queuedJob(1);
    expect(await sweepStalledTraining(deps.database.db, limits)).toBe(1);
    expect(await sweepStalledTraining(deps.database.db, limits)).toBe(0);
    const after = await state(stalled);
    expect(after.style).toMatchObject({ status: 'failed' });
    expect(after.style).toMatchObject({
      failureCode: 'stalled',
      failureReason: 'The training worker stopped responding for 30 minutes. Please submit the style again.',
      // The limit itself, for clients that say the sentence in their own language.
      failureSeconds: 1800,
    });
    expect(after.job).toMatchObject({ status: 'failed', failureSeconds: 1800 });
    expect(after.notes[0]!.payload).toMatchObject({ reasonCode: 'stalled', seconds: 1800 });
    expect(after.notes.map((n) => n.type)).toEqual(['model_training_failed']);
    expect((await state(live)).style.status).toBe('training');
  });

  it('lets a job wait in the queue behind others, but not for more than a day', async () => {
    const waiting = await queuedJob(45, 'queued');
    const forgotten = await queuedJob(25 * 60, 'queued');
    await sweepStalledTraining(deps.database.db, limits);
    expect((await state(waiting)).job.status).toBe('queued');
    expect((await state(forgotten)).job.status).toBe('failed');
    expect((await state(forgotten)).style).toMatchObject({
      failureCode: 'not_started',
      failureReason: 'No training worker took the job within 24 hours. Please submit the style again.',
      failureSeconds: 86_400,
    });
  });

  it('ignores events for a job that already ended (no resurrection, no second notification)', async () => {
    const stalled = await queuedJob(45);
    await sweepStalledTraining(deps.database.db, limits);
    await deps.database.db.transaction((tx) =>
      trainingEventHandlers(deps.logger)[JOB_TYPES.trainingCompleted]!(tx, {
        jobId: stalled.jobId,
        styleId: stalled.styleId,
        artifactKey: 'models/x.quilt',
        sampleKeys: [],
      }),
    );
    const after = await state(stalled);
    expect(after.style.status).toBe('failed');
    expect(after.style.currentVersion).toBeNull();
    expect(after.notes).toHaveLength(1);
  });

  it("a worker cannot claim the sweeper's codes: its 'stalled' reads as processing_failed", async () => {
    const job = await queuedJob(1);
    await deps.database.db.transaction((tx) =>
      trainingEventHandlers(deps.logger)[JOB_TYPES.trainingFailed]!(tx, {
        jobId: job.jobId,
        styleId: job.styleId,
        code: 'stalled',
      }),
    );
    expect((await state(job)).style).toMatchObject({
      status: 'failed',
      failureCode: 'processing_failed',
      failureReason: 'Training did not succeed. Please submit the style again.',
    });
  });

  it('takes as thumbnail only a signed sample of the style itself, whatever the event names', async () => {
    const forged = await queuedJob(1);
    await deps.database.db.transaction((tx) =>
      trainingEventHandlers(deps.logger)[JOB_TYPES.trainingCompleted]!(tx, {
        jobId: forged.jobId,
        styleId: forged.styleId,
        artifactKey: 'models/x.quilt',
        sampleKeys: [],
        thumbnailKey: `styles/${forged.styleId}/originals/private.png`,
      }),
    );
    expect((await state(forged)).style).toMatchObject({ status: 'ready', thumbnailKey: null });
    const genuine = await queuedJob(1);
    const sample = trainingKeys(genuine.styleId, genuine.jobId).sample(0);
    await deps.database.db.transaction((tx) =>
      trainingEventHandlers(deps.logger)[JOB_TYPES.trainingCompleted]!(tx, {
        jobId: genuine.jobId,
        styleId: genuine.styleId,
        artifactKey: 'models/y.quilt',
        sampleKeys: [sample],
        thumbnailKey: sample,
      }),
    );
    expect((await state(genuine)).style.thumbnailKey).toBe(sample);
  });

  it('never moves progress backwards', async () => {
    const job = await queuedJob(0);
    const progress = (p: number) =>
      deps.database.db.transaction((tx) =>
        trainingEventHandlers(deps.logger)[JOB_TYPES.trainingProgress]!(tx, {
          jobId: job.jobId,
          styleId: job.styleId,
          progress: p,
        }),
      );
    await progress(70);
    await progress(30);
    expect((await state(job)).style.progress).toBe(70);
  });

  it('refuses a malformed (forged) event with a typed error', async () => {
    await expect(
      deps.database.db.transaction((tx) =>
        trainingEventHandlers(deps.logger)[JOB_TYPES.trainingCompleted]!(tx, { jobId: 'nope' }),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
