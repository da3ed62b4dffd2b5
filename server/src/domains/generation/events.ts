/**
 * Generation results from the worker, applied once (consumeOnce) and only to a generation still
 * waiting: success marks it succeeded, credits the artist, issues the license bound to the signed
 * file's SHA-256 and notifies the buyer; failure refunds the charge exactly once, notifies, and asks
 * (through the outbox) for whatever was stored to be removed. A result for an unknown generation is
 * logged and dropped (it can change nothing); a malformed one is refused.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  GENERATION_JOB_TYPES,
  describeJobFailure,
  generationCompletedSchema,
  generationFailedSchema,
  generationKeys,
  generationCleanupSchema,
  generationStartedSchema,
  QUEUES,
  type JobFailure,
  type JobFailureCode,
} from '@style-license/shared';
import type { Logger } from '@style-license/platform/logger';
import type { ObjectStorage } from '@style-license/platform/storage';
import type { z } from 'zod';
import { DependencyUnavailableError } from '@style-license/platform/queue';
import type { JobEventHandler } from '../../messaging/job-events';
import type { ServerMetrics } from '../../metrics/server-metrics';
import { enqueue } from '../../messaging/outbox';
import { notify } from '../notifications/service';
import { issueLicense } from '../licenses/issue';
import { loadGeneration } from './views';
import { earn, refund } from '../tokens/ledger';

const { generations, styles } = schema;
const WAITING = ['queued', 'running'] as const;

function parse<T extends z.ZodType>(schemaOf: T, payload: unknown): z.infer<T> {
  const result = schemaOf.safeParse(payload);
  if (!result.success) throw new AppError('VALIDATION_FAILED', 'Malformed generation event');
  return result.data;
}

async function waitingGeneration(tx: Db, id: string, olderThan?: Date) {
  const [row] = await tx
    .select()
    .from(generations)
    .where(
      and(
        eq(generations.id, id),
        inArray(generations.status, [...WAITING]),
        olderThan ? sql`${generations.createdAt} < ${olderThan}` : undefined,
      ),
    )
    .for('update');
  return row;
}

/** Read without a lock: `failed` and `succeeded` are final, so a stale read can only say "waiting". */
const statusOf = async (db: Db, generationId: string) => (await loadGeneration(db, generationId))?.status;

/**
 * A failed (refunded) generation keeps no files: whatever a worker stored for it, now or later, is
 * removed, so nothing unpaid-for stays stored. Asked for through the outbox in the transaction that failed
 * it (or that saw a late result), so the clean-up survives crashes and waits out a store outage without
 * ever holding up the refund.
 */
async function requestCleanup(tx: Db, generationId: string) {
  await enqueue(tx, {
    queue: QUEUES.jobEvents,
    type: GENERATION_JOB_TYPES.cleanup,
    payload: { generationId },
  });
}

/**
 * Only the keys derived from a generation that is failed: a forged request can delete nothing else.
 * Done before the event's transaction (deletes are idempotent, and `failed` is final).
 */
async function removeFailedGenerationFiles(db: Db, storage: ObjectStorage, payload: unknown) {
  const { generationId } = parse(generationCleanupSchema, payload);
  if ((await statusOf(db, generationId)) !== 'failed') return;
  const keys = generationKeys(generationId);
  await Promise.all([storage.delete(keys.image), storage.delete(keys.preview)]);
}

/** A result (or failure) that arrives after the generation ended: only a refunded one has files to drop. */
async function afterTheEnd(tx: Db, generationId: string, log: Logger, what: string) {
  const status = await statusOf(tx, generationId);
  if (status === 'failed') await requestCleanup(tx, generationId);
  log.warn({ generationId, status: status ?? 'unknown' }, `${what} for no waiting generation ignored`);
}

/**
 * Before the transaction: a result must name the generation's own files, and for a generation still
 * waiting its PNG must be in the store (an event is not proof of it). Not there yet (a store that lags or
 * misreports) is retried with backoff, as an outage is; the deadline bounds how long that can matter.
 */
async function checkResult(db: Db, storage: ObjectStorage, payload: unknown) {
  const event = parse(generationCompletedSchema, payload);
  const keys = generationKeys(event.generationId);
  if (event.imageKey !== keys.image || event.previewKey !== keys.preview) {
    throw new AppError('VALIDATION_FAILED', 'A generation result must name its own files');
  }
  const status = await statusOf(db, event.generationId);
  const waiting = status === 'queued' || status === 'running';
  if (waiting && !(await storage.head(keys.image))) {
    throw new DependencyUnavailableError(`the image of generation ${event.generationId} is not in the store`);
  }
  return event;
}

async function onCompleted(tx: Db, event: z.infer<typeof generationCompletedSchema>, log: Logger) {
  const generation = await waitingGeneration(tx, event.generationId);
  if (!generation) return afterTheEnd(tx, event.generationId, log, 'result');
  const [style] = await tx.select().from(styles).where(eq(styles.id, generation.styleId));
  await tx
    .update(generations)
    .set({
      status: 'succeeded',
      imageKey: event.imageKey,
      previewKey: event.previewKey,
      completedAt: new Date(),
    })
    .where(eq(generations.id, generation.id));
  // As the worker signed the file: the license records the grant fixed at purchase, never today's names.
  await issueLicense(tx, { generation, style: style!, fileSha256: event.sha256, signed: event.license });
  // Artists receive 100% of what was spent on their style.
  await earn(tx, {
    artistId: style!.artistId,
    amount: generation.costTokens,
    ref: { type: 'generation', id: generation.id },
  });
  await tx
    .update(styles)
    .set({ generationCount: sql`${styles.generationCount} + 1` })
    .where(eq(styles.id, generation.styleId));
  await notify(tx, {
    userId: generation.ownerId,
    type: 'image_generation_completed',
    payload: { generationId: generation.id, styleId: generation.styleId, styleName: style!.name },
    dedupeKey: `generation-completed:${generation.id}`,
  });
}

async function onStarted(tx: Db, payload: unknown) {
  const event = parse(generationStartedSchema, payload);
  if (!(await waitingGeneration(tx, event.generationId))) return; // already ended: nothing to show
  await tx
    .update(generations)
    .set({ status: 'running', attempts: sql`greatest(${generations.attempts}, ${event.attempt})` })
    .where(eq(generations.id, event.generationId));
}

/**
 * Fails a waiting generation, refunds its charge once, asks for its files to be removed and tells the
 * buyer why (a code clients translate, and the English sentence); also used by the sweeper.
 */
export async function failGeneration(
  tx: Db,
  id: string,
  failure: JobFailure,
  olderThan?: Date,
): Promise<boolean> {
  const generation = await waitingGeneration(tx, id, olderThan);
  if (!generation) return false;
  const reason = describeJobFailure('generation', failure);
  await tx
    .update(generations)
    .set({
      status: 'failed',
      failureCode: failure.code,
      failureReason: reason,
      failureSeconds: failure.seconds ?? null,
      completedAt: new Date(),
    })
    .where(eq(generations.id, id));
  await refund(tx, { type: 'generation', id }, reason);
  await notify(tx, {
    userId: generation.ownerId,
    type: 'image_generation_failed',
    payload: {
      generationId: id,
      styleId: generation.styleId,
      styleName: (
        await tx.select({ name: styles.name }).from(styles).where(eq(styles.id, generation.styleId))
      )[0]?.name,
      reasonCode: failure.code,
      ...(failure.seconds === undefined ? {} : { seconds: failure.seconds }),
      reason,
      refundedTokens: generation.costTokens,
    },
    dedupeKey: `generation-failed:${id}`,
  });
  await requestCleanup(tx, id);
  return true;
}

export function generationEventHandlers(
  db: Db,
  log: Logger,
  storage: ObjectStorage,
  deadlineSeconds: number,
  metrics?: Pick<ServerMetrics, 'countRefund'>,
): Record<string, JobEventHandler> {
  return {
    [GENERATION_JOB_TYPES.started]: onStarted,
    [GENERATION_JOB_TYPES.completed]: {
      prepare: (payload) => checkResult(db, storage, payload),
      apply: (tx, _payload, event) =>
        onCompleted(tx, event as z.infer<typeof generationCompletedSchema>, log).then(() => undefined),
    },
    [GENERATION_JOB_TYPES.failed]: async (tx, payload, _prepared, afterCommit) => {
      const event = parse(generationFailedSchema, payload);
      // The worker's detail can carry engine or storage internals: operators get it in the log, the buyer
      // (failure code and sentence, notification, ledger note) only the code's plain words.
      const { generationId } = event;
      const code = workerFailureCode(event.code);
      log.warn(
        { generationId, code, detail: event.detail ?? event.reason },
        'generation failed in the worker',
      );
      const failure = code === 'expired' ? { code, seconds: deadlineSeconds } : { code };
      // Already ended: a refunded generation may still have files from a render that outlived its deadline.
      if (await failGeneration(tx, generationId, failure))
        afterCommit?.(() => metrics?.countRefund(failure.code));
      else await afterTheEnd(tx, generationId, log, 'failure');
    },
    // All its work is done before the transaction, which only records that the event was handled.
    [GENERATION_JOB_TYPES.cleanup]: {
      prepare: (payload) => removeFailedGenerationFiles(db, storage, payload),
      apply: async () => {},
    },
  };
}

/**
 * What a worker may say of a failure: the limits a worker cannot know (stalled, not started) are the
 * sweeper's to state, so those from a worker read as processing_failed.
 */
function workerFailureCode(code: JobFailureCode): JobFailureCode {
  return code === 'invalid_request' || code === 'expired' ? code : 'processing_failed';
}

/** Generations still waiting after the deadline are failed and refunded: no charge without a result. */
export async function sweepOverdueGenerations(
  db: Db,
  deadlineSeconds: number,
  log: Pick<Logger, 'warn'>,
  now = Date.now(),
): Promise<number> {
  const cutoff = new Date(now - deadlineSeconds * 1000);
  const overdue = await db
    .select({ id: generations.id })
    .from(generations)
    .where(and(inArray(generations.status, [...WAITING]), sql`${generations.createdAt} < ${cutoff}`));
  let failed = 0;
  const failure = { code: 'expired', seconds: deadlineSeconds } as const;
  for (const { id } of overdue) {
    // One generation that cannot be failed now must not keep the ones after it charged.
    try {
      if (await db.transaction((tx) => failGeneration(tx, id, failure, cutoff))) failed++;
    } catch (error) {
      log.warn({ err: error, generationId: id }, 'could not fail an overdue generation; next sweep retries');
    }
  }
  return failed;
}
