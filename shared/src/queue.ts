/**
 * Message contracts between the server and the GPU workers. Every message travels in an envelope whose
 * `id` is unique per logical message (the outbox row id), so consumers can dedupe redeliveries.
 */
import { z } from 'zod';
import { ENGINES, type Engine } from './domain';

/** Results and progress from every worker, and the server's own follow-ups, on one queue. */
export const QUEUES = { jobEvents: 'job_events' } as const;

/** The two kinds of job, each with one queue per engine: a worker takes only the engines it runs. */
export const JOB_QUEUE_KINDS = ['model_training', 'image_generation'] as const;
export type JobQueueKind = (typeof JOB_QUEUE_KINDS)[number];
export type JobQueueName = `${JobQueueKind}.${Engine}`;

/** `model_training.quilt`, `image_generation.diffusers-lora`, …: where the server sends a job of that engine. */
export const jobQueueName = (kind: JobQueueKind, engine: Engine): JobQueueName => `${kind}.${engine}`;

/**
 * The queues from before jobs were routed by engine, when every job was a quilt job: still declared,
 * and drained by quilt workers, so that an upgrade loses nothing that was queued before it.
 */
export const LEGACY_JOB_QUEUES: readonly JobQueueKind[] = JOB_QUEUE_KINDS;

export type QueueName = (typeof QUEUES)['jobEvents'] | JobQueueName | JobQueueKind;
export const QUEUE_NAMES: readonly QueueName[] = [
  QUEUES.jobEvents,
  ...JOB_QUEUE_KINDS.flatMap((kind) => ENGINES.map((engine) => jobQueueName(kind, engine))),
  ...LEGACY_JOB_QUEUES,
];

export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1).max(100),
  /** The HTTP request that caused this message, so one id follows a job through every log. */
  requestId: z.string().max(100).optional(),
  createdAt: z.string().datetime(),
  payload: z.unknown(),
});

export type Envelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };
