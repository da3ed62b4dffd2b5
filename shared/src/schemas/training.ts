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
