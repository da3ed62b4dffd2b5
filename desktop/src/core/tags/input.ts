/**
 * The input rules every tag operation shares: selections of image ids and tags typed by the artist.
 * Invariant: a refused input throws AppError VALIDATION_FAILED before anything is read or written.
 */
import { z } from 'zod';
import { MAX_IMAGE_TAGS } from '../model';
import { AppError, issueDetails, tagSchema } from '@style-license/shared';

/** A selection larger than any library the studio is built for (the benchmark catalogs 10,000). */
export const MAX_SELECTION = 100_000;

export { MAX_IMAGE_TAGS };

export const imageIdSchema = z.string().min(1).max(200);

/** A selection: at least one image, each named once (repeats are folded, not refused). */
export const imageIdsSchema = z
  .array(imageIdSchema)
  .min(1)
  .max(MAX_SELECTION)
  .transform((ids) => [...new Set(ids)]);

/** Tags as typed: each normalised and checked by the shared tagSchema, repeats folded (first wins). */
export const typedTagsSchema = z
  .array(tagSchema)
  .min(1)
  .max(MAX_IMAGE_TAGS)
  .transform((tags) => [...new Set(tags)]);

/** One tag checked as the platform would store it, or why not (the rule of its first issue). */
export function checkTag(raw: string): { tag: string } | { rule: string; message: string } {
  const result = tagSchema.safeParse(raw);
  if (result.success) return { tag: result.data };
  const [detail] = issueDetails(result.error);
  return { rule: detail?.rule ?? 'invalid', message: detail?.message ?? 'Tag is not valid' };
}

/** Refuses a selection naming images the store does not know (a stale selection after a rescan). */
export function assertAllKnown(imageIds: readonly string[], known: ReadonlyMap<string, unknown>): void {
  const missing = imageIds.filter((id) => !known.has(id));
  if (missing.length === 0) return;
  throw new AppError('NOT_FOUND', `${missing.length} selected image(s) are no longer in the library`, {
    details: missing.slice(0, 20).map((id) => ({ path: 'imageIds', rule: 'unknown_image', message: id })),
  });
}
