/**
 * The training consumer: downloads the training set, runs the engine, uploads the model artifact and
 * a few sample images, and reports progress and the result on job_events. Samples are signed in memory
 * with the artist's signature and sample metadata (no license) before they are stored: the engine's
 * unsigned images never leave this process, as for generations. Idempotent: outputs live at
 * keys derived from the job, and the artifact is written last, so a redelivered job whose artifact
 * exists only reports completion again (the server applies it once). Failures are handled as for
 * every job (attempt-failure.ts); a retry after training finished (an outage while storing) reuses the
 * artifact this process already trained instead of training again.
 */
import type { Logger } from '@style-license/platform/logger';
import type { Delivery } from '@style-license/platform/queue';
import {
  JOB_TYPES,
  trainingKeys,
  trainingRequestedSchema,
  type TrainingRequested,
} from '@style-license/shared';
import { publishJobEvent } from '../events';
import type { JobHandler, WorkerDeps } from '../worker';
import { handleAttemptFailure, type FailureReport } from './attempt-failure';
import { assertEngineFor, type StyleEngine, type TrainingProgressDetails } from '../engines/engine';
import { copyrightYearOf, signSampleImage } from '../signing';

const SAMPLES = 3;
const trainingRefSchema = trainingRequestedSchema.pick({ jobId: true, styleId: true });
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
      artifactKey: keys.artifact(job.engine),
      sampleKeys,
      thumbnailKey: sampleKeys[0],
    },
    requestId,
  );
}

/**
 * Artifacts this process trained whose job has not ended yet: a retry of the job (held through an
 * object-store outage while its samples were stored) resumes at signing and storing instead of spending
 * minutes of GPU again. Training runs one job at a time (WORKER_TRAINING_PREFETCH), so two entries cover a
 * retried job and the next; the oldest goes first. Kept in memory only: another worker trains anew.
 */
const TRAINED_ARTIFACTS_KEPT = 2;

function trainedArtifacts() {
  const byJob = new Map<string, Buffer>();
  return {
    get: (jobId: string) => byJob.get(jobId),
    keep(jobId: string, artifact: Buffer) {
      byJob.delete(jobId);
      byJob.set(jobId, artifact);
      while (byJob.size > TRAINED_ARTIFACTS_KEPT) byJob.delete(byJob.keys().next().value!);
    },
    drop: (jobId: string) => void byJob.delete(jobId),
  };
}
type TrainedArtifacts = ReturnType<typeof trainedArtifacts>;

/** The job and style a payload names, even when the rest of it is malformed: the server fails the job by them. */
function jobRefOf(payload: unknown): { jobId: string; styleId: string } | undefined {
  const ref = trainingRefSchema.safeParse(payload);
  return ref.success ? ref.data : undefined;
}

export function trainingHandler(engine: StyleEngine): JobHandler {
  const trained = trainedArtifacts();
  return async (delivery, deps) => {
    const { envelope } = delivery;
    const { log } = deps;
    const ref = jobRefOf(envelope.payload);
    const report = (failure: FailureReport) => {
      // A job reported failed has ended: no retry will come for its artifact.
      if (ref) trained.drop(ref.jobId);
      return publishJobEvent(
        deps.queue,
        JOB_TYPES.trainingFailed,
        { ...ref, ...failure },
        envelope.requestId,
      );
    };
    try {
      // Parsed inside the try, as for generations: a malformed job that names itself is reported failed.
      const job = trainingRequestedSchema.parse(envelope.payload);
      assertEngineFor(engine, job);
      await train(engine, delivery, deps, job, trained);
    } catch (error) {
      return handleAttemptFailure(error, delivery, {
        log: log.child({ jobId: ref?.jobId }),
        report: ref ? report : undefined,
      });
    }
  };
}

async function train(
  engine: StyleEngine,
  delivery: Delivery,
  deps: WorkerDeps & { log: Logger },
  job: TrainingRequested,
  trained: TrainedArtifacts,
) {
  const { envelope } = delivery;
  const { log } = deps;
  const keys = trainingKeys(job.styleId, job.jobId);
  const artifactKey = keys.artifact(job.engine);
  if (await deps.storage.head(artifactKey)) {
    log.info({ jobId: job.jobId }, 'training already finished; reporting it again');
    trained.drop(job.jobId);
    return completed(deps, job, envelope.requestId);
  }
  const report = (progress: number, details: TrainingProgressDetails = {}) =>
    publishJobEvent(
      deps.queue,
      JOB_TYPES.trainingProgress,
      { jobId: job.jobId, styleId: job.styleId, progress, attempt: delivery.attempt, ...details },
      envelope.requestId,
    );
  // Not awaited here: the confirm of "started" overlaps the downloads; awaited with the rest below.
  const pending: Promise<unknown>[] = [report(0)];
  const remembered = trained.get(job.jobId);
  if (remembered) log.info({ jobId: job.jobId, attempt: delivery.attempt }, 'resuming after training');
  // The signature is fetched with the training set: a job that could not sign its samples fails before training.
  const [signature, images] = await Promise.all([
    deps.storage.get(job.signatureKey),
    remembered
      ? []
      : Promise.all(
          job.images.map(async (image) => ({ data: await deps.storage.get(image.key), tags: image.tags })),
        ),
  ]);
  let reported = 0;
  let reportedAt = Date.now();
  const prompts = mostCommonTags(job, SAMPLES);
  // Unsigned samples the engine rendered itself: held only here until signed below.
  const rendered = new Map<number, Buffer>();
  const artifact =
    remembered ??
    (await engine.train(
      images,
      (percent, details) => {
        const due = percent - reported >= PROGRESS_STEP || Date.now() - reportedAt >= PROGRESS_HEARTBEAT_MS;
        if (percent <= reported || percent >= 100 || !due) return;
        reported = percent;
        reportedAt = Date.now();
        pending.push(report(percent, details));
      },
      { styleId: job.styleId, samples: prompts, onSample: (n, png) => rendered.set(n, png) },
    ));
  trained.keep(job.jobId, artifact);
  await Promise.all(pending);
  const meta = {
    artistName: job.artistName,
    styleName: job.styleName,
    year: copyrightYearOf(envelope.createdAt),
  };
  await Promise.all(
    prompts.map(async (tags, n) => {
      // Unsigned: held only in this scope, handed to the signer, never stored, logged or published.
      const unsigned =
        rendered.get(n) ??
        (await engine.generate(artifact, { styleId: job.styleId, text: '', tags, seed: n + 1 }));
      const sample = await signSampleImage({ image: unsigned, signature, meta });
      await deps.storage.put(keys.sample(n), sample.webp, { contentType: 'image/webp' });
    }),
  );
  // Last: its existence is what marks the job as done for a redelivery.
  await deps.storage.put(artifactKey, artifact, { contentType: 'application/octet-stream' });
  await completed(deps, job, envelope.requestId);
  trained.drop(job.jobId);
  log.info({ jobId: job.jobId, images: job.images.length }, 'training finished');
}
