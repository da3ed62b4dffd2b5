/**
 * Stuck jobs, failed the same way a worker-reported failure is, so no artist waits forever (they can
 * submit again): a running job silent (no event) for the stall limit, and a job still queued after the
 * much longer queue timeout (waiting behind other jobs is normal; waiting a day is not).
 */
import { and, eq, lt } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type { Logger } from '@style-license/platform/logger';
import type { JobFailure } from '@style-license/shared';
import { failTrainingJob } from './events';

const { trainingJobs } = schema;

type SweepLog = Pick<Logger, 'warn'>;

async function sweep(
  db: Db,
  status: 'queued' | 'running',
  failure: Required<JobFailure>,
  now: number,
  log?: SweepLog,
) {
  const seconds = failure.seconds;
  const cutoff = new Date(now - seconds * 1000);
  const stalled = await db
    .select({ id: trainingJobs.id, styleId: trainingJobs.styleId })
    .from(trainingJobs)
    .where(and(eq(trainingJobs.status, status), lt(trainingJobs.lastEventAt, cutoff)));
  let failed = 0;
  for (const job of stalled) {
    // Re-checked under the row lock inside failTrainingJob: an event that just arrived wins. One job that
    // cannot be failed now must not leave the ones after it waiting; the next sweep tries it again.
    try {
      if (await db.transaction((tx) => failTrainingJob(tx, job.id, job.styleId, failure, cutoff))) failed++;
    } catch (error) {
      log?.warn({ err: error, jobId: job.id }, 'could not fail a stalled training job; next sweep retries');
    }
  }
  return failed;
}

export interface TrainingSweepLimits {
  stallSeconds: number;
  queueTimeoutSeconds: number;
}

/** The jobs failed, by why: silent while running (`stalled`), never taken by a worker (`notStarted`). */
export async function sweepTraining(
  db: Db,
  limits: TrainingSweepLimits,
  now = Date.now(),
  log?: SweepLog,
): Promise<{ stalled: number; notStarted: number }> {
  return {
    stalled: await sweep(db, 'running', { code: 'stalled', seconds: limits.stallSeconds }, now, log),
    notStarted: await sweep(
      db,
      'queued',
      { code: 'not_started', seconds: limits.queueTimeoutSeconds },
      now,
      log,
    ),
  };
}

/** How many jobs were failed, whatever the reason. */
export async function sweepStalledTraining(
  db: Db,
  limits: TrainingSweepLimits,
  now = Date.now(),
  log?: SweepLog,
): Promise<number> {
  const { stalled, notStarted } = await sweepTraining(db, limits, now, log);
  return stalled + notStarted;
}
