/**
 * Payloads of the job messages: what the server asks workers to do (on model_training and
 * image_generation) and what workers report back (on job_events). Both sides validate with these.
 */
import { z } from 'zod';
import { ENGINES } from './domain';

export const JOB_TYPES = {
  trainingRequested: 'training.requested',
  trainingProgress: 'training.progress',
  trainingCompleted: 'training.completed',
  trainingFailed: 'training.failed',
} as const;

export const trainingRequestedSchema = z.object({
  jobId: z.string().uuid(),
  styleId: z.string().uuid(),
  engine: z.enum(ENGINES),
  images: z
    .array(z.object({ key: z.string().min(1), tags: z.array(z.string()) }))
    .min(1)
    .max(100),
});
export type TrainingRequested = z.infer<typeof trainingRequestedSchema>;

export const trainingProgressSchema = z.object({
  jobId: z.string().uuid(),
  styleId: z.string().uuid(),
  progress: z.number().int().min(0).max(100),
  /** Which delivery of the job this worker is running (1 = first try). */
  attempt: z.number().int().min(1).max(100).optional(),
});

export const trainingCompletedSchema = z.object({
  jobId: z.string().uuid(),
  styleId: z.string().uuid(),
  artifactKey: z.string().min(1),
  sampleKeys: z.array(z.string()).max(8),
  thumbnailKey: z.string().min(1).optional(),
});
export type TrainingCompleted = z.infer<typeof trainingCompletedSchema>;

export const trainingFailedSchema = z.object({
  jobId: z.string().uuid(),
  styleId: z.string().uuid(),
  reason: z.string().min(1).max(500),
});

/** Where a job's outputs live: deterministic, so a redelivered job finds what it already made. */
export const trainingKeys = (styleId: string, jobId: string) => ({
  artifact: `models/${styleId}/${jobId}.quilt`,
  sample: (n: number) => `styles/${styleId}/samples/${jobId}-${n}.png`,
});
