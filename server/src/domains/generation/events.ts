/**
 * Generation results from the worker, applied once (consumeOnce) and only to a generation still
 * waiting: success marks it succeeded, credits the artist, issues the license bound to the signed
 * file's SHA-256 and notifies the buyer; failure refunds the charge exactly once and notifies. A result
 * for an unknown generation is logged and dropped (it can change nothing); a malformed one is refused.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  GENERATION_JOB_TYPES,
  LICENSE_TERMS_V1,
  describeJobFailure,
  generationCompletedSchema,
  generationFailedSchema,
  generationKeys,
  generationStartedSchema,
  type JobFailure,
} from '@style-license/shared';
import type { Logger } from '@style-license/platform/logger';
import type { ObjectStorage } from '@style-license/platform/storage';
import type { z } from 'zod';
import { notify } from '../notifications/service';
import { earn, refund } from '../tokens/ledger';

const { generations, licenses, styles } = schema;
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

/**
 * A failed (refunded) generation keeps no files: whatever a worker stored for it is removed, so nothing
 * unpaid-for stays stored. Only the keys derived from the generation are touched, so a forged event
 * cannot delete anything else. Inside the caller's transaction: if the store is down, the failure is
 * retried with it (no refund without the clean-up, no clean-up without the refund).
 */
async function removeGenerationFiles(storage: ObjectStorage, generationId: string) {
  const keys = generationKeys(generationId);
  await Promise.all([storage.delete(keys.image), storage.delete(keys.preview)]);
}

/** A result that arrives after the generation was failed and refunded (the deadline passed). */
async function discardLateResult(tx: Db, storage: ObjectStorage, generationId: string, log: Logger) {
  const [row] = await tx
    .select({ status: generations.status })
    .from(generations)
    .where(eq(generations.id, generationId));
  if (row?.status !== 'failed') return;
  await removeGenerationFiles(storage, generationId);
  log.info({ generationId }, 'late result of a refunded generation discarded');
}

async function onCompleted(tx: Db, payload: unknown, log: Logger, storage: ObjectStorage) {
  const event = parse(generationCompletedSchema, payload);
  const generation = await waitingGeneration(tx, event.generationId);
  if (!generation) {
    await discardLateResult(tx, storage, event.generationId, log);
    log.warn(
      { generationId: event.generationId, code: 'NOT_FOUND' },
      'result for no waiting generation ignored',
    );
    return;
  }
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
  await tx.insert(licenses).values({
    id: generation.licenseId!,
    generationId: generation.id,
    styleId: generation.styleId,
    artistId: style!.artistId,
    ownerId: generation.ownerId,
    terms: LICENSE_TERMS_V1,
    fileSha256: event.sha256,
  });
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
 * Fails a waiting generation, refunds its charge once, removes any files and tells the buyer why (a
 * code clients translate, and the English sentence); also used by the sweeper.
 */
export async function failGeneration(
  tx: Db,
  storage: ObjectStorage,
  id: string,
  failure: JobFailure,
  olderThan?: Date,
): Promise<boolean> {
  const generation = await waitingGeneration(tx, id, olderThan);
  if (!generation) return false;
  const reason = describeJobFailure('generation', failure);
  await tx
    .update(generations)
    .set({ status: 'failed', failureCode: failure.code, failureReason: reason, completedAt: new Date() })
    .where(eq(generations.id, id));
  await refund(tx, { type: 'generation', id }, reason);
  await notify(tx, {
    userId: generation.ownerId,
    type: 'image_generation_failed',
    payload: {
      generationId: id,
      styleId: generation.styleId,
      reasonCode: failure.code,
      ...(failure.seconds === undefined ? {} : { seconds: failure.seconds }),
      reason,
      refundedTokens: generation.costTokens,
    },
    dedupeKey: `generation-failed:${id}`,
  });
  await removeGenerationFiles(storage, id);
  return true;
}

export function generationEventHandlers(
  log: Logger,
  storage: ObjectStorage,
  deadlineSeconds: number,
): Record<string, (tx: Db, payload: unknown) => Promise<void>> {
  return {
    [GENERATION_JOB_TYPES.started]: onStarted,
    [GENERATION_JOB_TYPES.completed]: (tx, payload) => onCompleted(tx, payload, log, storage),
    [GENERATION_JOB_TYPES.failed]: async (tx, payload) => {
      const event = parse(generationFailedSchema, payload);
      // The worker's detail can carry engine or storage internals: operators get it in the log, the buyer
      // (failure code and sentence, notification, ledger note) only the code's plain words.
      const { generationId, code } = event;
      log.warn(
        { generationId, code, detail: event.detail ?? event.reason },
        'generation failed in the worker',
      );
      const failure = code === 'expired' ? { code, seconds: deadlineSeconds } : { code };
      if (!(await failGeneration(tx, storage, generationId, failure))) {
        log.warn(
          { generationId: event.generationId, code: 'NOT_FOUND' },
          'failure for no waiting generation ignored',
        );
      }
    },
  };
}

/** Generations still waiting after the deadline are failed and refunded: no charge without a result. */
export async function sweepOverdueGenerations(
  db: Db,
  storage: ObjectStorage,
  deadlineSeconds: number,
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
    if (await db.transaction((tx) => failGeneration(tx, storage, id, failure, cutoff))) failed++;
  }
  return failed;
}
