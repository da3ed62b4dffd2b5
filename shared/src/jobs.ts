/**
 * Payloads of the job messages: what the server asks workers to do (on model_training and
 * image_generation) and what workers report back (on job_events). Both sides validate with these.
 */
import { z } from 'zod';
import { ENGINE_ARTIFACT_EXTENSIONS, ENGINES, type Engine } from './domain';
import { JOB_FAILURE_CODES } from './failures';
import { LICENSE_TERMS_VERSION } from './signing';

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
  /**
   * What the samples are signed with, fixed at submission as a purchase fixes it for a bought image:
   * the artist's signature PNG (never overwritten) and the names written into the sample metadata.
   */
  signatureKey: z.string().min(1),
  artistName: z.string().min(1),
  styleName: z.string().min(1),
});
export type TrainingRequested = z.infer<typeof trainingRequestedSchema>;

export const trainingProgressSchema = z.object({
  jobId: z.string().uuid(),
  styleId: z.string().uuid(),
  progress: z.number().int().min(0).max(100),
  /** Which delivery of the job this worker is running (1 = first try). */
  attempt: z.number().int().min(1).max(100).optional(),
  /** The training loss at this point, when the engine has one (for operators' logs). */
  loss: z.number().finite().optional(),
  /** The engine's estimate of the seconds left, when it has one. */
  etaSeconds: z.number().finite().min(0).max(604_800).optional(),
});

export const trainingCompletedSchema = z.object({
  jobId: z.string().uuid(),
  styleId: z.string().uuid(),
  artifactKey: z.string().min(1),
  sampleKeys: z.array(z.string()).max(8),
  thumbnailKey: z.string().min(1).optional(),
});
export type TrainingCompleted = z.infer<typeof trainingCompletedSchema>;

/**
 * A failure as users are told it (`code`); `detail` is for operators, logged by the server and never
 * shown to anyone. Events from before codes existed carry only `reason`, read as processing_failed.
 */
const failureFields = {
  code: z.enum(JOB_FAILURE_CODES).default('processing_failed'),
  detail: z.string().max(500).optional(),
  reason: z.string().max(500).optional(),
};

export const trainingFailedSchema = z.object({
  jobId: z.string().uuid(),
  styleId: z.string().uuid(),
  ...failureFields,
});

/**
 * Where a job's outputs live: deterministic, so a redelivered job finds what it already made. Samples
 * are stored only signed, as WebP previews (never the engine's PNG).
 */
export const trainingKeys = (styleId: string, jobId: string) => ({
  /** Named by the engine that trained it, which is the only one that can generate with it. */
  artifact: (engine: Engine) => `models/${styleId}/${jobId}.${ENGINE_ARTIFACT_EXTENSIONS[engine]}`,
  sample: (n: number) => `styles/${styleId}/samples/${jobId}-${n}.webp`,
});

const SAMPLE_KEY_PARTS = /^styles\/[^/]+\/samples\/([0-9a-f-]{36})-(\d{1,3})\.webp$/;

/**
 * Whether `key` is a signed sample of the style: exactly a key trainingKeys gives for some job of it.
 * Runs from before samples were signed left unsigned `<jobId>-<n>.png` samples in the same folder;
 * this is how readers tell the two apart, so that only signed samples are ever linked.
 */
export function isSignedSampleKey(styleId: string, key: string): boolean {
  const parts = SAMPLE_KEY_PARTS.exec(key);
  return parts !== null && trainingKeys(styleId, parts[1]!).sample(Number(parts[2])) === key;
}

export const GENERATION_JOB_TYPES = {
  requested: 'generation.requested',
  started: 'generation.started',
  completed: 'generation.completed',
  failed: 'generation.failed',
  /**
   * The server to itself, through the outbox: remove what a worker stored for a failed generation. Apart
   * from the refund's transaction, so a store that is down (or refuses deletes) never holds up a refund.
   */
  cleanup: 'generation.cleanup',
} as const;

export const generationCleanupSchema = z.object({ generationId: z.string().uuid() });

/**
 * What a bought image's license says, fixed at purchase: the ids, the names as they were then, the terms
 * version and the style version with its engine. The worker writes exactly this into the file and hands
 * it back with the result, and the server records that as the license: the file, the license page and
 * verification say the same, whatever is renamed before or after the image is made.
 */
export const licenseGrantSchema = z.object({
  licenseId: z.string().uuid(),
  /** The public page that verifies this license (xmpRights:WebStatement). */
  licenseUrl: z.string().url(),
  termsVersion: z.literal(LICENSE_TERMS_VERSION),
  artistId: z.string().uuid(),
  artistName: z.string().min(1),
  styleId: z.string().uuid(),
  styleName: z.string().min(1),
  styleVersion: z.number().int().min(1),
  engine: z.enum(ENGINES),
  /** The buyer. A name from sign-in may be empty; the id always identifies them. */
  licenseeId: z.string().uuid(),
  licenseeName: z.string(),
});
export type LicenseGrant = z.infer<typeof licenseGrantSchema>;

/**
 * Everything the worker needs to make and sign one image, fixed at request time. A job queued before
 * `license` existed fails validation and is refunded: it cannot name its licensee.
 */
export const generationRequestedSchema = z.object({
  generationId: z.string().uuid(),
  styleId: z.string().uuid(),
  engine: z.enum(ENGINES),
  artifactKey: z.string().min(1),
  /** The artist's signature PNG as it was when the image was bought (replacing it later changes nothing). */
  signatureKey: z.string().min(1),
  license: licenseGrantSchema,
  tags: z.array(z.string()).max(20),
  text: z.string().max(500),
  seed: z.number().int().min(0).max(2_147_483_647),
  /**
   * When the server refunds the buyer if no result has arrived: a worker that picks the job up later
   * drops it unrendered (reports it expired) instead of spending minutes on an image nobody will get.
   * Optional only so that jobs queued before the field existed still run.
   */
  deadline: z.string().datetime().optional(),
});
export type GenerationRequested = z.infer<typeof generationRequestedSchema>;

export const generationCompletedSchema = z.object({
  generationId: z.string().uuid(),
  imageKey: z.string().min(1),
  previewKey: z.string().min(1),
  /** SHA-256 of the signed PNG as stored: the license binds to exactly these bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * The license the file was signed with (the job's own). Absent from workers older than it, whose files
   * carry the v1 terms: the server then records v1 with the names current at completion.
   */
  license: licenseGrantSchema.optional(),
});
export type GenerationCompleted = z.infer<typeof generationCompletedSchema>;

/** A worker began an attempt: the buyer sees "running", and operators see how many attempts it took. */
export const generationStartedSchema = z.object({
  generationId: z.string().uuid(),
  attempt: z.number().int().min(1).max(100),
});

export const generationFailedSchema = z.object({
  generationId: z.string().uuid(),
  ...failureFields,
});

/** Only signed files are ever stored; the PNG is written last, so its existence means "done". */
export const generationKeys = (generationId: string) => ({
  image: `generations/${generationId}.png`,
  preview: `generations/${generationId}.webp`,
});
