/**
 * Starting again on the in-process queue. Everything that queue held died with the last process: the
 * relay republishes jobs that were never acknowledged (their rows are still unsent), but a job that was
 * handled and whose result (`generation.completed`, `training.completed`, also in memory) had not yet
 * been applied is lost with it, and its buyer would be refunded at the deadline although the image was
 * made. So at start-up every job still waiting has its request published again: the worker, finding its
 * output stored, only reports the result again (each handler is idempotent), and the server applies it
 * once. Likewise a render that outlived its deadline may have stored files for a generation already
 * refunded, with the late result (which would have removed them) lost: the clean-up of every generation
 * failed within the last `recentSeconds` is asked for again. Not needed on RabbitMQ, where results are
 * durable.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { GENERATION_JOB_TYPES, JOB_TYPES, QUEUES } from '@style-license/shared';

const { generations, outbox, trainingJobs } = schema;

/** Marks the requests of waiting generations and training jobs unsent; returns how many. */
export async function republishWaitingJobs(db: Db): Promise<number> {
  const revived = await db
    .update(outbox)
    .set({ sentAt: null })
    .where(
      sql`${outbox.sentAt} IS NOT NULL AND (
        (${outbox.type} = ${GENERATION_JOB_TYPES.requested} AND ${outbox.payload}->>'generationId' IN
          (SELECT ${generations.id}::text FROM ${generations} WHERE ${generations.status} IN ('queued', 'running')))
        OR (${outbox.type} = ${JOB_TYPES.trainingRequested} AND ${outbox.payload}->>'jobId' IN
          (SELECT ${trainingJobs.id}::text FROM ${trainingJobs} WHERE ${trainingJobs.status} IN ('queued', 'running')))
      )`,
    )
    .returning({ id: outbox.id });
  return revived.length;
}

/** Asks again for the files of generations failed in the last `recentSeconds` to be removed; returns how many. */
export async function requestRecentCleanups(
  db: Db,
  recentSeconds: number,
  now = Date.now(),
): Promise<number> {
  const failed = await db
    .select({ id: generations.id })
    .from(generations)
    .where(
      and(
        eq(generations.status, 'failed'),
        gt(generations.completedAt, new Date(now - recentSeconds * 1000)),
      ),
    );
  if (failed.length === 0) return 0;
  await db.insert(outbox).values(
    failed.map(({ id }) => ({
      queue: QUEUES.jobEvents,
      type: GENERATION_JOB_TYPES.cleanup,
      payload: { generationId: id },
    })),
  );
  return failed.length;
}
