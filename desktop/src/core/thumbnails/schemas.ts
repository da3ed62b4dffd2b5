/**
 * Inputs of the thumbnail operations, validated at the function boundary: a refused input throws
 * AppError VALIDATION_FAILED before anything is read, queued or written.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';

const absolutePath = z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path');

/** Grid cells are 128–512 px on any screen density; previews use the original, not a thumbnail. */
export const THUMBNAIL_SIZES = { min: 32, max: 1024 } as const;

export const thumbnailRequestSchema = z.object({
  path: absolutePath,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(THUMBNAIL_SIZES.min).max(THUMBNAIL_SIZES.max),
});
export type ThumbnailRequest = z.input<typeof thumbnailRequestSchema>;

export const thumbnailKeySchema = thumbnailRequestSchema.pick({ sha256: true, size: true });
export type ThumbnailKey = z.input<typeof thumbnailKeySchema>;

export const cancelExceptSchema = z.array(thumbnailKeySchema).max(100_000);

export const pruneSchema = z.object({ maxBytes: z.number().int().nonnegative() });

export const thumbnailCacheOptionsSchema = z.object({
  cacheDir: absolutePath,
  workers: z.number().int().min(1).max(32).optional(),
  /** Requests waiting for a worker at most; more are refused (RATE_LIMITED) rather than piling up. */
  maxQueued: z.number().int().min(1).max(100_000).default(2_000),
});
export type ThumbnailCacheOptions = z.input<typeof thumbnailCacheOptionsSchema>;
