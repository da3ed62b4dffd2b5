/**
 * Stuck jobs: a training job with no sign of life (no event) for TRAINING_STALL_SECONDS is failed the
 * same way a worker-reported failure is, so no artist waits forever; they can submit again.
 */
import { and, inArray, lt } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { failTrainingJob } from './events';

const { trainingJobs } = schema;

export async function sweepStalledTraining(db: Db, stallSeconds: number, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - stallSeconds * 1000);
  const stalled = await db
    .select({ id: trainingJobs.id, styleId: trainingJobs.styleId })
    .from(trainingJobs)
    .where(and(inArray(trainingJobs.status, ['queued', 'running']), lt(trainingJobs.lastEventAt, cutoff)));
  let failed = 0;
  for (const job of stalled) {
    const reason = `No progress from the training worker for ${Math.round(stallSeconds / 60)} minutes`;
    // Re-checked under the row lock inside failTrainingJob: an event that just arrived wins.
    if (await db.transaction((tx) => failTrainingJob(tx, job.id, job.styleId, reason, cutoff))) failed++;
  }
  return failed;
}
