/**
 * The worker's Prometheus metrics, in a registry of its own per worker (never prom-client's global one:
 * tests run several workers in one process). Labels come from closed sets: engines, queue kinds,
 * outcomes and failure reasons, never job ids.
 */
import { ZodError } from 'zod';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { isDependencyOutage } from '@style-license/platform/dependency-errors';
import { DependencyUnavailableError, UnprocessableMessageError } from '@style-license/platform/queue';
import type { Engine, JobQueueKind } from '@style-license/shared';

/**
 * Why an attempt failed, as the transport acts on it (jobs/attempt-failure.ts): a dependency outage (the
 * job is held and run again), a malformed job or one no attempt can help (dead-lettered at once), an
 * error to retry, the same on the last allowed attempt (dead-lettered), or a message nobody handles.
 */
export const FAILURE_REASONS = [
  'dependency_unavailable',
  'invalid_request',
  'permanent',
  'retry',
  'last_attempt',
  'no_handler',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface JobLabels {
  engine: Engine;
  kind: JobQueueKind;
}

export interface WorkerMetrics {
  registry: Registry;
  /** Each attempt from the start of handling to ack (`ok`) or to the error the transport acts on. */
  jobDuration: Histogram<'engine' | 'kind' | 'outcome'>;
  jobFailures: Counter<'engine' | 'kind' | 'reason'>;
  /** From the job's creation (its outbox row, in the request that asked for it) to its first handling. */
  queueLag: Histogram<'engine' | 'kind'>;
  artifactCacheHits: Counter<'engine'>;
  artifactCacheMisses: Counter<'engine'>;
}

/** From under a second (quilt generations) to the hours a LoRA training run may take. */
const JOB_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * `processMetrics`: Node's own (CPU, memory, event loop, GC), which start observers that last as long
 * as the process, so only a worker process asks for them, not every worker a test starts.
 */
export function createWorkerMetrics(options: { processMetrics?: boolean } = {}): WorkerMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    jobDuration: new Histogram({
      name: 'job_duration_seconds',
      help: 'Job attempts: time from the start of handling to the end, by engine, queue kind and outcome (ok, error).',
      labelNames: ['engine', 'kind', 'outcome'],
      buckets: JOB_BUCKETS,
      registers,
    }),
    jobFailures: new Counter({
      name: 'job_failures_total',
      help: `Failed job attempts by engine, queue kind and reason (${FAILURE_REASONS.join(', ')}).`,
      labelNames: ['engine', 'kind', 'reason'],
      registers,
    }),
    queueLag: new Histogram({
      name: 'job_queue_lag_seconds',
      help: 'Time from a job being requested to a worker starting it (first deliveries only), by engine and kind.',
      labelNames: ['engine', 'kind'],
      buckets: LAG_BUCKETS,
      registers,
    }),
    artifactCacheHits: new Counter({
      name: 'artifact_cache_hits_total',
      help: 'Model artifacts served from the worker memory cache (or a load already in flight), by engine.',
      labelNames: ['engine'],
      registers,
    }),
    artifactCacheMisses: new Counter({
      name: 'artifact_cache_misses_total',
      help: 'Model artifacts downloaded from the object store because the cache did not hold them, by engine.',
      labelNames: ['engine'],
      registers,
    }),
  };
}

/**
 * Every failure and cache series of a queue the worker consumes exists from the start at 0, so rate()
 * and increase() see the first failure or hit.
 */
export function initJobSeries(metrics: WorkerMetrics, labels: JobLabels): void {
  for (const reason of FAILURE_REASONS) metrics.jobFailures.inc({ ...labels, reason }, 0);
  metrics.artifactCacheHits.inc({ engine: labels.engine }, 0);
  metrics.artifactCacheMisses.inc({ engine: labels.engine }, 0);
}

/** The reason a handler's error stands for, judged as the transport judges it. */
export function failureReason(error: unknown, isLastAttempt: boolean): FailureReason {
  if (error instanceof DependencyUnavailableError || isDependencyOutage(error))
    return 'dependency_unavailable';
  if (error instanceof UnprocessableMessageError)
    return error.cause instanceof ZodError ? 'invalid_request' : 'permanent';
  return isLastAttempt ? 'last_attempt' : 'retry';
}

/**
 * Times one delivery of a job: its queue lag when first delivered, then its duration and, when it throws,
 * its failure reason. Returns the handler's own result or error unchanged.
 */
export async function measureJob(
  metrics: WorkerMetrics,
  labels: JobLabels,
  delivery: { attempt: number; isLastAttempt: boolean; envelope: { createdAt: string } },
  handle: () => Promise<void>,
): Promise<void> {
  if (delivery.attempt === 1) {
    // Clocks of the server and the worker's machine may differ a little: never a negative lag.
    const lag = (Date.now() - Date.parse(delivery.envelope.createdAt)) / 1000;
    if (Number.isFinite(lag)) metrics.queueLag.observe(labels, Math.max(0, lag));
  }
  const stop = metrics.jobDuration.startTimer(labels);
  try {
    await handle();
    stop({ outcome: 'ok' });
  } catch (error) {
    stop({ outcome: 'error' });
    metrics.jobFailures.inc({ ...labels, reason: failureReason(error, delivery.isLastAttempt) });
    throw error;
  }
}
