/**
 * Message contracts between the server and the GPU workers. Every message travels in an envelope whose
 * `id` is unique per logical message (the outbox row id), so consumers can dedupe redeliveries.
 */
import { z } from 'zod';

export const QUEUES = {
  modelTraining: 'model_training',
  imageGeneration: 'image_generation',
  jobEvents: 'job_events',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES = Object.values(QUEUES) as QueueName[];

export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1).max(100),
  /** The HTTP request that caused this message, so one id follows a job through every log. */
  requestId: z.string().max(100).optional(),
  createdAt: z.string().datetime(),
  payload: z.unknown(),
});

export type Envelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };
