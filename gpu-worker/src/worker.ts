/**
 * The worker process's core: builds the engines it is configured to run, consumes exactly their training
 * and generation queues (one pair per engine), and dispatches each message to the handler registered for
 * its type. A message of a type nobody handles fails and, after the bounded retries, is dead-lettered.
 * Every delivery is measured (metrics.ts) with the engine and queue kind it came in on.
 */
import type { Logger } from '@style-license/platform/logger';
import type { Delivery, QueueTransport, Subscription } from '@style-license/platform/queue';
import type { ObjectStorage } from '@style-license/platform/storage';
import {
  GENERATION_JOB_TYPES,
  JOB_QUEUE_KINDS,
  JOB_TYPES,
  LEGACY_JOB_QUEUES,
  jobQueueName,
  type Engine,
  type JobQueueKind,
  type QueueName,
} from '@style-license/shared';
import type { StyleEngine } from './engines/engine';
import { createEngines } from './engines/index';
import { createArtifactCache } from './engines/artifact-cache';
import { generationHandler } from './jobs/generation';
import { trainingHandler } from './jobs/training';
import type { WorkerConfig } from './config';
import {
  createWorkerMetrics,
  initJobSeries,
  measureJob,
  type JobLabels,
  type WorkerMetrics,
} from './metrics';

export interface WorkerDeps {
  config: WorkerConfig;
  logger: Logger;
  queue: QueueTransport;
  storage: ObjectStorage;
  /**
   * The process's metrics registry (main.ts makes one with Node's own metrics); absent, startWorker
   * makes one for that worker (tests, the single-process launcher).
   */
  metrics?: WorkerMetrics;
}

export type JobHandler = (delivery: Delivery, deps: WorkerDeps & { log: Logger }) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;
/** The handlers for one engine's queues, or one set for every queue the worker consumes (tests). */
export type HandlersFor = JobHandlers | ((engine: StyleEngine, metrics: WorkerMetrics) => JobHandlers);

export interface RunningWorker {
  /** Stops taking jobs, lets running ones finish for a while, hands back the rest; then ends the engines. */
  stop(): Promise<void>;
  /** True from when every queue is subscribed until a stop begins (the readiness probe, http.ts). */
  consuming(): boolean;
  metrics: WorkerMetrics;
}

export interface WorkerOptions {
  /**
   * How long a stop waits for the jobs being handled before handing them back to the queue (unspent:
   * another worker takes each as the same attempt). Below the entry point's stop limit (20 s).
   */
  drainMs?: number;
}

/** Most generations finish within it; a training run does not, and goes back to the queue. */
export const DEFAULT_DRAIN_MS = 10_000;

/** `measured`: the engine and queue kind the handler serves, and where its deliveries are counted. */
export function dispatch(
  deps: WorkerDeps,
  handlers: JobHandlers,
  measured?: { labels: JobLabels; metrics: WorkerMetrics },
) {
  return async (delivery: Delivery): Promise<void> => {
    const { envelope } = delivery;
    const log = deps.logger.child({
      requestId: envelope.requestId,
      messageId: envelope.id,
      type: envelope.type,
    });
    const handler = Object.hasOwn(handlers, envelope.type) ? handlers[envelope.type] : undefined;
    if (!handler) {
      log.error({ attempt: delivery.attempt }, 'no handler for message type');
      measured?.metrics.jobFailures.inc({ ...measured.labels, reason: 'no_handler' });
      throw new Error(`no handler for message type "${envelope.type}"`);
    }
    const handle = () => handler(delivery, { ...deps, log });
    await (measured ? measureJob(measured.metrics, measured.labels, delivery, handle) : handle());
  };
}

/** The handlers for one engine: training and generation with it. */
export function defaultHandlers(engine: StyleEngine, metrics?: WorkerMetrics): JobHandlers {
  const labels = { engine: engine.name };
  // One artifact cache per engine per process: every generation of a style after the first skips the download.
  const artifacts = createArtifactCache({
    onLookup: (hit) => (hit ? metrics?.artifactCacheHits : metrics?.artifactCacheMisses)?.inc(labels),
  });
  return {
    [JOB_TYPES.trainingRequested]: trainingHandler(engine),
    [GENERATION_JOB_TYPES.requested]: generationHandler(engine, artifacts),
  };
}

/** The queues an engine's worker takes jobs from: its own pair, and for quilt the unrouted legacy pair. */
export function queuesOf(engine: Engine): { queue: QueueName; kind: JobQueueKind }[] {
  const own = JOB_QUEUE_KINDS.map((kind) => ({
    queue: jobQueueName(kind, engine),
    kind,
  }));
  return engine === 'quilt' ? [...own, ...LEGACY_JOB_QUEUES.map((kind) => ({ queue: kind, kind }))] : own;
}

export async function startWorker(
  deps: WorkerDeps,
  handlers: HandlersFor = defaultHandlers,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  const { config } = deps;
  const metrics = deps.metrics ?? createWorkerMetrics();
  const engines = createEngines(config, deps.logger);
  const subscriptions: Subscription[] = [];
  let consuming = false;
  try {
    for (const engine of engines) {
      const forEngine = typeof handlers === 'function' ? handlers(engine, metrics) : handlers;
      for (const { queue, kind } of queuesOf(engine.name)) {
        const labels = { engine: engine.name, kind };
        initJobSeries(metrics, labels);
        const handle = dispatch(deps, forEngine, { labels, metrics });
        const prefetch =
          kind === 'model_training' ? config.WORKER_TRAINING_PREFETCH : config.WORKER_GENERATION_PREFETCH;
        subscriptions.push(await deps.queue.consume(queue, handle, { prefetch }));
      }
    }
  } catch (error) {
    await Promise.allSettled(subscriptions.map((s) => s.cancel()));
    await Promise.allSettled(engines.map((engine) => engine.close?.()));
    throw error;
  }
  deps.logger.info({ engines: config.WORKER_ENGINES, queue: deps.queue.kind }, 'worker consuming');
  consuming = true;
  return {
    metrics,
    consuming: () => consuming,
    stop: async () => {
      consuming = false;
      // Subscriptions first (drained: jobs finish or go back without spending a delivery); then the
      // engines' processes end.
      const drainMs = options.drainMs ?? DEFAULT_DRAIN_MS;
      await Promise.all(subscriptions.map((s) => s.drain(drainMs)));
      await Promise.all(engines.map((engine) => engine.close?.()));
    },
  };
}
