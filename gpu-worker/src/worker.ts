/**
 * The worker process's core: consumes the training and generation queues and dispatches each message
 * to the handler registered for its type. A message of a type nobody handles fails and, after the
 * bounded retries, is dead-lettered.
 */
import type { Logger } from '@style-license/platform/logger';
import type { Delivery, QueueTransport, Subscription } from '@style-license/platform/queue';
import type { ObjectStorage } from '@style-license/platform/storage';
import { GENERATION_JOB_TYPES, JOB_TYPES, QUEUES } from '@style-license/shared';
import { engineFor } from './engines/engine';
import { createArtifactCache } from './engines/artifact-cache';
import { generationHandler } from './jobs/generation';
import { trainingHandler } from './jobs/training';
import type { WorkerConfig } from './config';

export interface WorkerDeps {
  config: WorkerConfig;
  logger: Logger;
  queue: QueueTransport;
  storage: ObjectStorage;
}

export type JobHandler = (delivery: Delivery, deps: WorkerDeps & { log: Logger }) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export interface RunningWorker {
  stop(): Promise<void>;
}

export function dispatch(deps: WorkerDeps, handlers: JobHandlers) {
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
      throw new Error(`no handler for message type "${envelope.type}"`);
    }
    await handler(delivery, { ...deps, log });
  };
}

/** The handlers a worker runs by default: training and generation with the configured engine. */
export function defaultHandlers(config: WorkerConfig): JobHandlers {
  const engine = engineFor(config.WORKER_ENGINE);
  return {
    [JOB_TYPES.trainingRequested]: trainingHandler(engine),
    // One artifact cache per worker process: every generation of a style after the first skips the download.
    [GENERATION_JOB_TYPES.requested]: generationHandler(engine, createArtifactCache()),
  };
}

export async function startWorker(
  deps: WorkerDeps,
  handlers = defaultHandlers(deps.config),
): Promise<RunningWorker> {
  const handle = dispatch(deps, handlers);
  const subscriptions: Subscription[] = [
    await deps.queue.consume(QUEUES.modelTraining, handle, {
      prefetch: deps.config.WORKER_TRAINING_PREFETCH,
    }),
    await deps.queue.consume(QUEUES.imageGeneration, handle, {
      prefetch: deps.config.WORKER_GENERATION_PREFETCH,
    }),
  ];
  deps.logger.info({ engine: deps.config.WORKER_ENGINE, queue: deps.queue.kind }, 'worker consuming');
  return { stop: async () => void (await Promise.all(subscriptions.map((s) => s.cancel()))) };
}
