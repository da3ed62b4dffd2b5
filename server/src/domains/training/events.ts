/**
 * Training results coming back on job_events, applied exactly once (consumeOnce) and only along
 * allowed transitions: job queued → running → succeeded | failed; a first run takes the style queued →
 * training → ready | failed; a retrain leaves a ready style ready throughout (its current version stays
 * on sale), switches it to the new version on success and keeps the old one on failure. Progress never
 * goes backwards; events for a job that already ended change nothing. Completion and failure notify the
 * artist once (the notification's dedupe key is the job). The engine's finish estimate lives only while
 * the run does: a progress event may move it, an end (completed, failed, swept) clears it.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  JOB_TYPES,
  describeJobFailure,
  isSignedSampleKey,
  type JobFailure,
  trainingCompletedSchema,
  trainingFailedSchema,
  trainingProgressSchema,
} from '@style-license/shared';
import type { z } from 'zod';
import type { Logger } from '@style-license/platform/logger';
import { notify } from '../notifications/service';
import { samplesPrefix } from '../styles/service';
import { recordVersion } from '../styles/versions';

const { styles, trainingJobs } = schema;
const LIVE = ['queued', 'running'] as const;
/** The statuses a style has while one of its runs is live: queued or training for a first run, else ready. */
const DURING_A_RUN = ['queued', 'training', 'ready'] as const;

function parse<T extends z.ZodType>(schemaOf: T, payload: unknown): z.infer<T> {
  const result = schemaOf.safeParse(payload);
  if (!result.success) throw new AppError('VALIDATION_FAILED', 'Malformed training event');
  return result.data;
}

/** Claims a live job for a terminal or progress update; null when it is unknown or already over. */
async function liveJob(tx: Db, jobId: string, styleId: string, staleBefore?: Date) {
  const [job] = await tx
    .select()
    .from(trainingJobs)
    .where(
      and(
        eq(trainingJobs.id, jobId),
        eq(trainingJobs.styleId, styleId),
        inArray(trainingJobs.status, [...LIVE]),
        staleBefore ? lt(trainingJobs.lastEventAt, staleBefore) : undefined,
      ),
    )
    .for('update');
  return job ?? null;
}

async function onProgress(tx: Db, payload: unknown, log: Logger) {
  const event = parse(trainingProgressSchema, payload);
  if (!(await liveJob(tx, event.jobId, event.styleId))) return;
  // The loss is for operators following a run, not for the artist: logged, never stored.
  if (event.loss !== undefined) log.debug({ jobId: event.jobId, loss: event.loss }, 'training loss');
  const now = new Date();
  await tx
    .update(trainingJobs)
    .set({
      status: 'running',
      startedAt: sql`coalesce(${trainingJobs.startedAt}, ${now})`,
      progress: sql`greatest(${trainingJobs.progress}, ${event.progress})`,
      attempts: sql`greatest(${trainingJobs.attempts}, ${event.attempt ?? 1})`,
      lastEventAt: now,
      // An event without an estimate keeps the last one: engines estimate only every so many steps.
      ...(event.etaSeconds === undefined
        ? {}
        : { estimatedFinishAt: new Date(now.getTime() + event.etaSeconds * 1000) }),
    })
    .where(eq(trainingJobs.id, event.jobId));
  await tx
    .update(styles)
    .set({
      // A retrain leaves a ready style ready: its current version is still on sale.
      status: sql`(CASE WHEN ${styles.status} = 'queued' THEN 'training' ELSE ${styles.status} END)::style_status`,
      progress: sql`greatest(${styles.progress}, ${event.progress})`,
      updatedAt: now,
    })
    .where(and(eq(styles.id, event.styleId), inArray(styles.status, [...DURING_A_RUN])));
}

/** The style a live run belongs to, locked, unless it was archived meanwhile (then the run changes nothing). */
async function styleDuringRun(tx: Db, styleId: string) {
  const [style] = await tx
    .select()
    .from(styles)
    .where(and(eq(styles.id, styleId), inArray(styles.status, [...DURING_A_RUN])))
    .for('update');
  return style ?? null;
}

/** The signed samples of this very run, whatever else the event names: what the style page links. */
function runSamples(event: z.infer<typeof trainingCompletedSchema>): string[] {
  return event.sampleKeys.filter(
    (key) =>
      isSignedSampleKey(event.styleId, key) &&
      key.startsWith(`${samplesPrefix(event.styleId)}${event.jobId}-`),
  );
}

/** Only a signed sample of this style's job may become its public thumbnail, whatever the event says. */
function signedThumbnail(event: z.infer<typeof trainingCompletedSchema>): string | null {
  const key = event.thumbnailKey ?? event.sampleKeys[0];
  return key !== undefined && isSignedSampleKey(event.styleId, key) ? key : null;
}

async function onCompleted(tx: Db, payload: unknown) {
  const event = parse(trainingCompletedSchema, payload);
  const job = await liveJob(tx, event.jobId, event.styleId);
  if (!job) return;
  const now = new Date();
  await tx
    .update(trainingJobs)
    .set({
      status: 'succeeded',
      progress: 100,
      artifactKey: event.artifactKey,
      finishedAt: now,
      lastEventAt: now,
      estimatedFinishAt: null,
    })
    .where(eq(trainingJobs.id, job.id));
  const style = await styleDuringRun(tx, event.styleId);
  if (!style) return;
  const version = await recordVersion(tx, {
    styleId: style.id,
    trainingJobId: job.id,
    engine: job.engine,
    artifactKey: event.artifactKey,
    sampleKeys: runSamples(event),
  });
  await tx
    .update(styles)
    .set({
      status: 'ready',
      currentVersion: version,
      progress: 100,
      failureCode: null,
      failureReason: null,
      failureSeconds: null,
      thumbnailKey: signedThumbnail(event),
      trainedAt: now,
      updatedAt: now,
    })
    .where(eq(styles.id, style.id));
  await notify(tx, {
    userId: style.artistId,
    type: 'model_training_completed',
    payload: { styleId: style.id, styleName: style.name, jobId: job.id, version },
    dedupeKey: `training-completed:${job.id}`,
  });
}

/** Also used by the sweeper, so a stalled job ends exactly like a failed one. */
export async function failTrainingJob(
  tx: Db,
  jobId: string,
  styleId: string,
  failure: JobFailure,
  staleBefore?: Date,
) {
  const job = await liveJob(tx, jobId, styleId, staleBefore);
  if (!job) return false;
  const now = new Date();
  const reason = describeJobFailure('training', failure);
  const failed = {
    failureCode: failure.code,
    failureReason: reason,
    failureSeconds: failure.seconds ?? null,
  };
  await tx
    .update(trainingJobs)
    .set({ status: 'failed', ...failed, finishedAt: now, lastEventAt: now, estimatedFinishAt: null })
    .where(eq(trainingJobs.id, job.id));
  const style = await styleDuringRun(tx, styleId);
  if (style) {
    // A failed retrain keeps the version on sale; a failed first run leaves nothing to sell.
    const kept = style.currentVersion;
    await tx
      .update(styles)
      .set({ status: kept === null ? 'failed' : 'ready', ...failed, updatedAt: now })
      .where(eq(styles.id, style.id));
    await notify(tx, {
      userId: style.artistId,
      type: 'model_training_failed',
      payload: {
        styleId: style.id,
        styleName: style.name,
        jobId: job.id,
        reasonCode: failure.code,
        ...(failure.seconds === undefined ? {} : { seconds: failure.seconds }),
        ...(kept === null ? {} : { keptVersion: kept }),
        reason,
      },
      dedupeKey: `training-failed:${job.id}`,
    });
  }
  return true;
}

async function onFailed(tx: Db, payload: unknown, log: Logger) {
  const event = parse(trainingFailedSchema, payload);
  // As for generations: the worker's detail is for the operators' log, the artist gets the code's words.
  log.warn(
    { jobId: event.jobId, code: event.code, detail: event.detail ?? event.reason },
    'training failed in the worker',
  );
  // Stalled and not started are the sweeper's to state (with their limits); a worker's read as failed.
  const code = event.code === 'invalid_request' ? event.code : 'processing_failed';
  await failTrainingJob(tx, event.jobId, event.styleId, { code });
}

export function trainingEventHandlers(
  log: Logger,
): Record<string, (tx: Db, payload: unknown) => Promise<void>> {
  return {
    [JOB_TYPES.trainingProgress]: (tx, payload) => onProgress(tx, payload, log),
    [JOB_TYPES.trainingCompleted]: onCompleted,
    [JOB_TYPES.trainingFailed]: (tx, payload) => onFailed(tx, payload, log),
  };
}
