/**
 * Every input the catalog accepts, as zod schemas: what a renderer may ask (queries, ratings, picks,
 * tags) and what the library hands over after a scan. Parsed at each function's boundary.
 */
import { isAbsolute, normalize, sep } from 'node:path';
import { z } from 'zod';
import { tagSchema } from '@style-license/shared';
import { LIBRARY_FORMATS, MAX_IMAGE_TAGS, PICKS } from '../model';
import { tagExpressionSchema } from './tag-expression';

export { MAX_IMAGE_TAGS };
/** One call's worth of ids or records: a whole library of this size, refused beyond. */
export const MAX_BATCH = 200_000;
export const PAGE_LIMIT = { default: 100, max: 1000 } as const;

export const IMAGE_PROBLEMS = ['corrupt', 'too_small', 'wrong_format'] as const;
export type ImageProblem = (typeof IMAGE_PROBLEMS)[number];

export const SORT_KEYS = ['path', 'mtime', 'rating', 'size'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Whether `path` lies under `folder` (not the folder itself). */
export function isInside(folder: string, path: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : folder + sep) && path !== folder;
}

/** An absolute path, normalised, without a trailing separator (except a root), so one folder has one spelling. */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), { message: 'A path cannot contain NUL' })
  .refine(isAbsolute, { message: 'The path must be absolute' })
  .transform((p) => {
    const normal = normalize(p);
    return normal.length > 1 && normal.endsWith(sep) && !/^[A-Za-z]:\\$/.test(normal)
      ? normal.slice(0, -1)
      : normal;
  });

/** Lower-cased, so an id names one image whichever case a caller spelled it in. */
export const imageIdSchema = z.uuid().transform((id) => id.toLowerCase());
export const imageIdsSchema = z
  .array(imageIdSchema)
  .min(1)
  .max(MAX_BATCH)
  .transform((ids) => [...new Set(ids)]);

export const ratingSchema = z.number().int().min(0).max(5);
export const pickSchema = z.enum(PICKS);

/** An image's whole tag list: normalised by tagSchema, duplicates after normalising dropped (first wins). */
export const imageTagsSchema = z
  .array(tagSchema)
  .max(MAX_IMAGE_TAGS)
  .transform((tags) => [...new Set(tags)]);

export const tagChangesSchema = z
  .array(z.object({ imageId: imageIdSchema, tags: imageTagsSchema }))
  .max(MAX_BATCH)
  .superRefine((changes, ctx) => {
    const seen = new Set<string>();
    for (const [index, change] of changes.entries()) {
      if (seen.has(change.imageId))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'imageId'],
          message: 'An image is named twice in one change',
          params: { rule: 'duplicate_image' },
        });
      seen.add(change.imageId);
    }
  });

/** Ids to look up: any string is accepted, since an id that is not a uuid is simply not in the catalog. */
export const lookupIdsSchema = z.array(z.string().max(100)).max(MAX_BATCH);

export const catalogFilterSchema = z.strictObject({
  folder: absolutePathSchema.optional(),
  tags: tagExpressionSchema.optional(),
  /** true: only images without tags; false: only images with at least one. */
  untagged: z.boolean().optional(),
  minRating: ratingSchema.optional(),
  picks: z.array(pickSchema).min(1).max(PICKS.length).optional(),
  /** Images with any of these problems. */
  problems: z.array(z.enum(IMAGE_PROBLEMS)).min(1).max(IMAGE_PROBLEMS.length).optional(),
});
export type CatalogFilter = z.input<typeof catalogFilterSchema>;

export const catalogQuerySchema = catalogFilterSchema.extend({
  sort: z
    .strictObject({ by: z.enum(SORT_KEYS), direction: z.enum(['asc', 'desc']).default('asc') })
    .default({ by: 'path', direction: 'asc' }),
  limit: z.number().int().min(1).max(PAGE_LIMIT.max).default(PAGE_LIMIT.default),
  cursor: z.string().min(1).max(8192).optional(),
});
export type CatalogQuery = z.input<typeof catalogQuerySchema>;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const sizeSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One image file as the library read it: everything but the artist's marks, which the catalog keeps. */
export const scannedImageSchema = z.strictObject({
  path: absolutePathSchema,
  byteSize: sizeSchema,
  mtimeMs: z.number().nonnegative(),
  sha256: sha256Schema,
  format: z.enum(LIBRARY_FORMATS).nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  perceptualHash: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .nullable(),
  corrupt: z.boolean(),
});
export type ScannedImage = z.output<typeof scannedImageSchema>;

/** A file under a library folder that is not an image: remembered so a warm rescan need not open it again. */
export const ignoredFileSchema = z.strictObject({
  path: absolutePathSchema,
  byteSize: sizeSchema,
  mtimeMs: z.number().nonnegative(),
});
export type IgnoredFile = z.output<typeof ignoredFileSchema>;

/**
 * One folder's scan. After it is applied the folder holds exactly `changed` ∪ `unchanged` images and the
 * `ignored` files: anything else under it is gone from disk and leaves the catalog.
 */
export const folderScanSchema = z
  .strictObject({
    folder: absolutePathSchema,
    /** New or changed files, read again. */
    changed: z.array(scannedImageSchema).max(MAX_BATCH),
    /** Paths of catalogued images found with the same size and mtime: kept as they are. */
    unchanged: z.array(absolutePathSchema).max(MAX_BATCH),
    /** Every non-image file found now (not only new ones). */
    ignored: z.array(ignoredFileSchema).max(MAX_BATCH),
  })
  .refine(
    (scan) =>
      [...scan.changed.map((f) => f.path), ...scan.unchanged, ...scan.ignored.map((f) => f.path)].every(
        (path) => isInside(scan.folder, path),
      ),
    { message: 'Every file of a folder scan lies under its folder', params: { rule: 'outside_folder' } },
  );
export type FolderScan = z.input<typeof folderScanSchema>;
