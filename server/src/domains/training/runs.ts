/**
 * Training runs of a style as its artist follows them. A style has at most one live run (queued or
 * running): submitting checks it under the style's row lock, and the training images stay frozen while
 * one is live, because the run reads the copies its job names.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type { TrainingRun } from '@style-license/shared';

const { trainingJobs } = schema;
export const LIVE_RUN = ['queued', 'running'] as const;

export async function hasLiveRun(db: Db, styleId: string): Promise<boolean> {
  const [live] = await db
    .select({ id: trainingJobs.id })
    .from(trainingJobs)
    .where(and(eq(trainingJobs.styleId, styleId), inArray(trainingJobs.status, [...LIVE_RUN])))
    .limit(1);
  return live !== undefined;
}

/** The latest run of each style, by style id; styles never submitted have none. */
export async function latestRuns(db: Db, styleIds: string[]): Promise<Map<string, TrainingRun>> {
  if (styleIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([trainingJobs.styleId])
    .from(trainingJobs)
    .where(inArray(trainingJobs.styleId, styleIds))
    .orderBy(trainingJobs.styleId, desc(trainingJobs.createdAt), desc(trainingJobs.id));
  return new Map(
    rows.map((job) => [
      job.styleId,
      {
        jobId: job.id,
        status: job.status,
        progress: job.progress,
        failureCode: job.failureCode,
        failureSeconds: job.failureSeconds,
        estimatedFinishAt: liveEstimate(job),
        createdAt: job.createdAt.toISOString(),
        finishedAt: job.finishedAt?.toISOString() ?? null,
      },
    ]),
  );
}

/** When the engine expects the run to end, as ISO; only a live run has one (an ended run's is stale). */
export function liveEstimate(job: { status: string; estimatedFinishAt: Date | null }): string | null {
  const live = (LIVE_RUN as readonly string[]).includes(job.status);
  return live ? (job.estimatedFinishAt?.toISOString() ?? null) : null;
}
