// Inputs of the training API: presigned uploads in batches, confirmation with per-image tags, submit.
import { z } from 'zod';
import { tagListSchema } from './styles';

/** Files per request/confirm batch; a style holds 10–100 images, so a few batches cover it. */
export const UPLOAD_BATCH_MAX = 20;
export const TRAINING_IMAGES = { min: 10, max: 100 } as const;

/**
 * What one training image must be, checked by content on the server (and by the desktop studio before
 * upload): JPEG or PNG, at most 20 MB and 40 megapixels (a decompression-bomb guard), at least 512×512.
 */
export const TRAINING_IMAGE_FILE = {
  formats: ['jpeg', 'png'],
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 40_000_000,
  minSide: 512,
} as const;

export const requestUploadsSchema = z.object({
  styleId: z.uuid(),
  files: z
    .array(
      z.object({
        fileName: z.string().trim().min(1).max(255),
        byteSize: z.number().int().positive().max(TRAINING_IMAGE_FILE.maxBytes),
        /** Declared content hash: the server refuses an upload whose bytes differ from it. */
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    )
    .min(1)
    .max(UPLOAD_BATCH_MAX),
});

export const confirmUploadsSchema = z.object({
  styleId: z.uuid(),
  uploads: z
    .array(z.object({ uploadToken: z.string().min(1).max(2000), tags: tagListSchema.default([]) }))
    .min(1)
    .max(UPLOAD_BATCH_MAX),
});

export const styleRefSchema = z.object({ styleId: z.uuid() });

/**
 * Why a training image is refused as someone else's work (per-file rule of a `VALIDATION_FAILED`): it
 * matches another artist's training image, or the platform generated it. A style learns only from
 * its artist's own works, and never from generated images, the artist's own styles' included.
 */
export const COPYRIGHT_BLOCK_RULES = ['copyright_other_artist', 'copyright_generated'] as const;
export type CopyrightBlockRule = (typeof COPYRIGHT_BLOCK_RULES)[number];

/** What showed a match: the perceptual hash (another artist's image), or how a generated one traced. */
export const COPYRIGHT_EVIDENCE = [
  'perceptual_hash',
  'file_hash',
  'content_credentials',
  'license_mark',
] as const;

/**
 * The version of the rights statement an artist agrees to at submit (its words: i18n
 * `studio.training.rightsStatement`). Change it whenever those words change, so each recorded
 * attestation names the wording it agreed to.
 */
export const RIGHTS_STATEMENT_VERSION = '2026-01';

export const submitTrainingSchema = styleRefSchema.extend({
  /** Required, and only `true`: the artist attests they own the rights to every image of the set. */
  rightsAttested: z.custom<true>((value) => value === true, {
    error: 'Confirm that you own the rights to every image of this set before training',
    params: { rule: 'rights_attestation' },
  }),
});
export type SubmitTrainingInput = z.infer<typeof submitTrainingSchema>;
