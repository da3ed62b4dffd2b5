/**
 * Stuck jobs, failed the same way a worker-reported failure is, so no artist waits forever (they can
 * submit again): a running job silent (no event) for the stall limit, and a job still queued after the
 * much longer queue timeout (waiting behind other jobs is normal; waiting a day is not).
 */
import { and, eq, lt } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { failTrainingJob } from './events';

const { trainingJobs } = schema;

async function sweep(db: Db, status: 'queued' | 'running', seconds: number, reason: string, now: number) {
  const cutoff = new Date(now - seconds * 1000);
  const stalled = await db
    .select({ id: trainingJobs.id, styleId: trainingJobs.styleId })
    .from(trainingJobs)
    .where(and(eq(trainingJobs.status, status), lt(trainingJobs.lastEventAt, cutoff)));
  let failed = 0;
  for (const job of stalled) {
    // Re-checked under the row lock inside failTrainingJob: an event that just arrived wins.
    if (await db.transaction((tx) => failTrainingJob(tx, job.id, job.styleId, reason, cutoff))) failed++;
  }
  return failed;
}

export async function sweepStalledTraining(
  db: Db,
  limits: { stallSeconds: number; queueTimeoutSeconds: number },
  now = Date.now(),
): Promise<number> {
  const minutes = (s: number) => Math.round(s / 60);
  return (
    (await sweep(
      db,
      'running',
      limits.stallSeconds,
      `No progress from the training worker for ${minutes(limits.stallSeconds)} minutes`,
      now,
    )) +
    (await sweep(
      db,
      'queued',
      limits.queueTimeoutSeconds,
      `No training worker took the job within ${minutes(limits.queueTimeoutSeconds)} minutes`,
      now,
    ))
  );
}
