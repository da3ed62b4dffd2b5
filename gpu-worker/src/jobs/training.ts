/**
 * The training consumer: downloads the training set, runs the engine, uploads the model artifact and
 * a few sample images, and reports progress and the result on job_events. Idempotent: outputs live at
 * keys derived from the job, and the artifact is written last, so a redelivered job whose artifact
 * exists only reports completion again (the server applies it once). On the last allowed attempt a
 * failure is reported before the message is dead-lettered.
 */
import {
  JOB_TYPES,
  trainingKeys,
  trainingRequestedSchema,
  type TrainingRequested,
} from '@style-license/shared';
import { publishJobEvent } from '../events';
import type { JobHandler, WorkerDeps } from '../worker';
import type { StyleEngine } from '../engines/engine';

const SAMPLES = 3;
/**
 * A progress event when the engine has moved on and a few seconds passed (or ten points): enough for a
 * progress bar and a steady heartbeat for the stall sweeper, without flooding the queue.
 */
const PROGRESS_STEP = 10;
const PROGRESS_HEARTBEAT_MS = 5000;

function mostCommonTags(job: TrainingRequested, count: number): string[][] {
  const tally = new Map<string, number>();
  for (const image of job.images) for (const tag of image.tags) tally.set(tag, (tally.get(tag) ?? 0) + 1);
  const ranked = [...tally.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t]) => [t]);
  return Array.from({ length: count }, (_, i) => ranked[i] ?? []);
}

async function completed(deps: WorkerDeps, job: TrainingRequested, requestId?: string) {
  const keys = trainingKeys(job.styleId, job.jobId);
  const sampleKeys = Array.from({ length: SAMPLES }, (_, n) => keys.sample(n));
  await publishJobEvent(
    deps.queue,
    JOB_TYPES.trainingCompleted,
    {
      jobId: job.jobId,
      styleId: job.styleId,
      artifactKey: keys.artifact,
      sampleKeys,
      thumbnailKey: sampleKeys[0],
    },
    requestId,
  );
}

export function trainingHandler(engine: StyleEngine): JobHandler {
  return async (delivery, deps) => {
    const { envelope } = delivery;
    const job = trainingRequestedSchema.parse(envelope.payload);
    const { log } = deps;
    const keys = trainingKeys(job.styleId, job.jobId);
    if (await deps.storage.head(keys.artifact)) {
      log.info({ jobId: job.jobId }, 'training already finished; reporting it again');
      return completed(deps, job, envelope.requestId);
    }
    const report = (progress: number) =>
      publishJobEvent(
        deps.queue,
        JOB_TYPES.trainingProgress,
        { jobId: job.jobId, styleId: job.styleId, progress, attempt: delivery.attempt },
        envelope.requestId,
      );
    try {
      // Not awaited here: the confirm of "started" overlaps the downloads; awaited with the rest below.
      const pending: Promise<unknown>[] = [report(0)];
      const images = await Promise.all(
        job.images.map(async (image) => ({ data: await deps.storage.get(image.key), tags: image.tags })),
      );
      let reported = 0;
      let reportedAt = Date.now();
      const artifact = await engine.train(images, (percent) => {
        const due = percent - reported >= PROGRESS_STEP || Date.now() - reportedAt >= PROGRESS_HEARTBEAT_MS;
        if (percent <= reported || percent >= 100 || !due) return;
        reported = percent;
        reportedAt = Date.now();
        pending.push(report(percent));
      });
      await Promise.all(pending);
      const prompts = mostCommonTags(job, SAMPLES);
      await Promise.all(
        prompts.map(async (tags, n) => {
          const sample = await engine.generate(artifact, { tags, seed: n + 1 });
          await deps.storage.put(keys.sample(n), sample, { contentType: 'image/png' });
        }),
      );
      // Last: its existence is what marks the job as done for a redelivery.
      await deps.storage.put(keys.artifact, artifact, { contentType: 'application/octet-stream' });
      await completed(deps, job, envelope.requestId);
      log.info({ jobId: job.jobId, images: images.length }, 'training finished');
    } catch (error) {
      log.warn({ err: error, attempt: delivery.attempt, jobId: job.jobId }, 'training attempt failed');
      if (delivery.isLastAttempt) {
        const reason = `Training failed after ${delivery.attempt} attempts: ${error instanceof Error ? error.message : String(error)}`;
        await publishJobEvent(
          deps.queue,
          JOB_TYPES.trainingFailed,
          { jobId: job.jobId, styleId: job.styleId, reason: reason.slice(0, 500) },
          envelope.requestId,
        );
      }
      throw error;
    }
  };
}
