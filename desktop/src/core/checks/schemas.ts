/**
 * Inputs of the check operations, validated at the function boundary: a refused input throws AppError
 * VALIDATION_FAILED before anything is read or written. Records are checked against model.ts's shape.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { LIBRARY_FORMATS, PICKS, RATINGS, type CatalogImage } from '../model';
import { FIX_ACTIONS, PROBLEM_CODES, PROBLEM_RULES } from './rules';

const hexDigits = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const side = z.number().int().positive().nullable();

/** A CatalogImage as a renderer hands it back; tags are not read by checks, so only their shape is. */
export const catalogImageSchema = z.object({
  id: z.string().min(1).max(200),
  path: z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path'),
  folder: z.string().max(4096),
  byteSize: z.number().int().nonnegative(),
  mtimeMs: z.number().nonnegative(),
  sha256: hexDigits(64),
  format: z.enum(LIBRARY_FORMATS).nullable(),
  width: side,
  height: side,
  perceptualHash: hexDigits(16).nullable(),
  corrupt: z.boolean(),
  rating: z
    .number()
    .int()
    .min(RATINGS[0])
    .max(RATINGS[RATINGS.length - 1]!),
  pick: z.enum(PICKS),
  tags: z.array(z.string()),
}) satisfies z.ZodType<CatalogImage>;

/** Far above what a style holds (100): an artist may check a whole shoot before narrowing it. */
export const MAX_CHECKED_IMAGES = 100_000;

const uniqueIds = (images: readonly { id: string }[]) =>
  new Set(images.map((i) => i.id)).size === images.length;

export const checkSelectionInputSchema = z.object({
  images: z.array(catalogImageSchema).max(MAX_CHECKED_IMAGES).refine(uniqueIds, 'each image may appear once'),
  /** Images the style already holds on the platform: they count towards the 10–100. */
  alreadyInStyle: z.number().int().nonnegative().max(10_000).default(0),
});
export type CheckSelectionInput = z.input<typeof checkSelectionInputSchema>;

export const problemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  severity: z.enum(['error', 'warning']),
  imageIds: z.array(z.string().min(1).max(200)).max(MAX_CHECKED_IMAGES),
  fixes: z.array(z.enum(FIX_ACTIONS)),
  details: z.record(z.string(), z.union([z.number(), z.string()])),
});

export const fixProblemInputSchema = z
  .object({
    problem: problemSchema,
    action: z.enum(FIX_ACTIONS),
    /** The records of the images the problem names (a count problem: the whole selection). */
    images: z.array(catalogImageSchema).max(MAX_CHECKED_IMAGES),
    /** Where upload copies go (the studio's cache); needed only by actions that make copies. */
    cacheDir: z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path').optional(),
  })
  .superRefine((input, ctx) => {
    // Checked against the code's own fixes too: a problem object comes back from a renderer.
    const offered = input.problem.fixes.includes(input.action);
    if (!offered || !PROBLEM_RULES[input.problem.code].fixes.includes(input.action))
      ctx.addIssue({ code: 'custom', path: ['action'], message: 'this problem does not offer that fix' });
    const given = new Set(input.images.map((image) => image.id));
    const named = new Set(input.problem.imageIds);
    if (
      given.size !== input.images.length ||
      given.size !== named.size ||
      [...named].some((id) => !given.has(id))
    )
      ctx.addIssue({
        code: 'custom',
        path: ['images'],
        message: 'give exactly the images the problem names',
      });
    const copies = input.action === 'convert_for_upload' || input.action === 'shrink_for_upload';
    if (copies && !input.cacheDir)
      ctx.addIssue({ code: 'custom', path: ['cacheDir'], message: 'this fix needs a cache folder' });
  });
export type FixProblemInput = z.input<typeof fixProblemInputSchema>;
