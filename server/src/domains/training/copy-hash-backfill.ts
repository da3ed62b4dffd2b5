/**
 * Fills the copy hash of training images recorded before migration 0018 (it needs their pixels, which
 * SQL cannot read): until then the copyright check cannot find them. Each image's stored training copy
 * (the 512-px PNG; the original where there is none) is decoded and hashed, in batches of a few dozen
 * rows found through the partial index of rows still without one, a decode slot at a time, so uploads
 * keep their turn. Started with the server and again at each housekeeping; a row whose bytes are gone
 * or do not decode is left null, logged, and passed over for the rest of the run. Idempotent: a row is
 * written only while its hash is still null, so two servers backfilling at once agree.
 */
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import sharp from 'sharp';
import { schema, type Database } from '@style-license/db';
import { copyHash } from '@style-license/platform/images';
import type { ServerDeps } from '../../deps';
import { withDecodeSlot } from '../../security/decode-slots';

const { trainingImages } = schema;

export type BackfillDeps = Pick<ServerDeps, 'database' | 'storage' | 'logger'>;

export interface BackfillOptions {
  /** Rows read per query. */
  batchSize?: number;
  /** At most this many batches in the run (the rest waits for the next). */
  maxBatches?: number;
  /** Stops the run between images (the server closing). */
  signal?: AbortSignal;
}

export interface BackfillResult {
  /** Rows given their copy hash. */
  filled: number;
  /** Rows passed over: their stored copy is gone or does not decode. */
  skipped: number;
}

/** Databases with a run under way in this process: a second call waits for it instead of racing it. */
const running = new WeakMap<Database, Promise<BackfillResult>>();

export function backfillCopyHashes(
  deps: BackfillDeps,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const current = running.get(deps.database);
  if (current) return current;
  const run = backfill(deps, options).finally(() => running.delete(deps.database));
  running.set(deps.database, run);
  return run;
}

async function backfill(deps: BackfillDeps, options: BackfillOptions): Promise<BackfillResult> {
  const { batchSize = 50, maxBatches = Number.POSITIVE_INFINITY, signal } = options;
  const { db } = deps.database;
  const result: BackfillResult = { filled: 0, skipped: 0 };
  // Rows passed over lie behind the cursor: each run reads every missing row at most once.
  let after: string | null = null;
  for (let batch = 0; batch < maxBatches && !signal?.aborted; batch++) {
    const rows = await db
      .select({
        id: trainingImages.id,
        trainingKey: trainingImages.trainingKey,
        objectKey: trainingImages.objectKey,
      })
      .from(trainingImages)
      .where(and(isNull(trainingImages.copyHash), after === null ? undefined : gt(trainingImages.id, after)))
      .orderBy(asc(trainingImages.id))
      .limit(batchSize);
    for (const row of rows) {
      if (signal?.aborted) break;
      after = row.id;
      const hash = await hashOfStored(deps, row.trainingKey ?? row.objectKey, row.id);
      if (hash === null) {
        result.skipped++;
        continue;
      }
      await db
        .update(trainingImages)
        .set({ copyHash: hash })
        .where(and(eq(trainingImages.id, row.id), isNull(trainingImages.copyHash)));
      result.filled++;
    }
    if (rows.length < batchSize) break;
  }
  if (result.filled || result.skipped) deps.logger.info(result, 'backfilled training images’ copy hashes');
  return result;
}

/** The copy hash of the stored image at `key`, or null when it is gone or undecodable (storage errors throw). */
async function hashOfStored(deps: BackfillDeps, key: string, imageId: string): Promise<string | null> {
  if (!(await deps.storage.head(key))) {
    deps.logger.warn({ imageId, key }, 'training image has no stored copy to hash');
    return null;
  }
  const bytes = await deps.storage.get(key);
  try {
    // As inspectTrainingImage hashes an upload: EXIF orientation applied, the same pixel bound.
    return await withDecodeSlot(() =>
      copyHash(sharp(bytes, { limitInputPixels: 40_000_000, failOn: 'warning' }).rotate()),
    );
  } catch (error) {
    deps.logger.warn({ err: error, imageId, key }, 'stored training image does not decode');
    return null;
  }
}
