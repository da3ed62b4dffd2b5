/**
 * Starting again on the in-process queue. Everything that queue held died with the last process: the
 * relay republishes jobs that were never acknowledged (their rows are still unsent), but a job that was
 * handled and whose result (`generation.completed`, `training.completed`, also in memory) had not yet
 * been applied is lost with it, and its buyer would be refunded at the deadline although the image was
 * made. So at start-up every job still waiting has its request published again: the worker, finding its
 * output stored, only reports the result again (each handler is idempotent), and the server applies it
 * once. Not needed on RabbitMQ, where results are durable.
 */
import { sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { GENERATION_JOB_TYPES, JOB_TYPES } from '@style-license/shared';

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
