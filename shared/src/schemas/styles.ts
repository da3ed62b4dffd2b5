// Inputs and outputs of the styles API, and the one definition of a tag, shared by server, web and desktop.
// Invariant: every tag that reaches the database went through normaliseTag and the rules of tagSchema.
import { z } from 'zod';
import { JOB_STATUSES, STYLE_PRICE, STYLE_STATUSES } from '../domain';
import { JOB_FAILURE_CODES } from '../failures';
import { enBase as en } from '../i18n/en-base';
import { normaliseTag, tagCharacterProblems } from './tag-fold';
import { nameSchema } from '../names';
import {
  codePointLength,
  MAX_TAGS,
  MAX_TAG_LENGTH,
  SEARCH_PAGE_MAX,
  STYLE_DESCRIPTION_MAX,
  STYLE_NAME_MAX,
  STYLE_SORTS,
} from './limits';

export {
  codePointLength,
  MAX_TAGS,
  MAX_TAG_LENGTH,
  SEARCH_PAGE_MAX,
  STYLE_DESCRIPTION_MAX,
  STYLE_NAME_MAX,
  STYLE_SORTS,
  type StyleSort,
} from './limits';

// The canonical spelling of a tag (NFKC, full case folding) and the characters a tag may not hold.
export {
  TAG_CHARACTER_RULES,
  normaliseTag,
  stripRefusedTagCharacters,
  type TagCharacterRule,
} from './tag-fold';

// Cc (controls) and Cs (lone surrogates, which PostgreSQL cannot store). Whitespace controls such as tabs
// and newlines never get here: normaliseTag has already collapsed them to one space.
const CONTROL_OR_SURROGATE = /[\p{Cc}\p{Cs}]/u;

/** One tag: normalised, then checked. A comma is refused because search takes tags as `a,b`. */
export const tagSchema = z
  .string()
  .transform(normaliseTag)
  .superRefine((tag, ctx) => {
    if (tag.length === 0) {
      ctx.addIssue({
        code: 'too_small',
        minimum: 1,
        origin: 'string',
        inclusive: true,
        input: tag,
        message: 'A tag cannot be empty',
      });
      return;
    }
    if (codePointLength(tag) > MAX_TAG_LENGTH) {
      ctx.addIssue({
        code: 'too_big',
        maximum: MAX_TAG_LENGTH,
        origin: 'string',
        inclusive: true,
        input: tag,
        message: `A tag has at most ${MAX_TAG_LENGTH} characters`,
      });
    }
    if (/[<>]/.test(tag))
      ctx.addIssue({ code: 'custom', input: tag, message: 'A tag cannot contain < or >' });
    if (tag.includes(','))
      ctx.addIssue({ code: 'custom', input: tag, message: 'A tag cannot contain a comma' });
    if (CONTROL_OR_SURROGATE.test(tag)) {
      ctx.addIssue({ code: 'custom', input: tag, message: 'A tag cannot contain control characters' });
    }
    for (const rule of tagCharacterProblems(tag))
      ctx.addIssue({ code: 'custom', input: tag, message: en.tagRules[rule], params: { rule } });
  });

/**
 * Up to MAX_TAGS tags, normalised and without duplicates (first spelling wins the position). The limit is
 * on what the client sends, so a form can enforce it by counting chips.
 */
export const tagListSchema = z
  .array(tagSchema)
  .max(MAX_TAGS, { message: `At most ${MAX_TAGS} tags` })
  .transform((tags) => [...new Set(tags)]);

// Style names are written into every licensed file: the one name rule of shared/src/names.ts.
const styleNameSchema = nameSchema(STYLE_NAME_MAX);

// Descriptions are prose, where "<3" or "a > b" are fine; what looks like an HTML tag, comment or
// processing instruction is refused. Clients escape anyway: this keeps stored text honest, not safe.
const LOOKS_LIKE_MARKUP = /<[a-z!/?]/i;
const DISALLOWED_CONTROL = /[\p{Cc}]/u;
const styleDescriptionSchema = z
  .string()
  .trim()
  .max(STYLE_DESCRIPTION_MAX)
  .refine((text) => !LOOKS_LIKE_MARKUP.test(text), { message: 'Description cannot contain HTML' })
  .refine((text) => !DISALLOWED_CONTROL.test(text.replace(/[\n\r\t]/g, '')), {
    message: 'Description cannot contain control characters',
  });

/** Tokens per generated image; 1.5 and "abc" are refused, never rounded or coerced. */
export const priceTokensSchema = z.number().int().min(STYLE_PRICE.min).max(STYLE_PRICE.max);

export const createStyleSchema = z.object({
  name: styleNameSchema,
  description: styleDescriptionSchema.default(''),
  tags: tagListSchema.default([]),
  priceTokens: priceTokensSchema,
});
export type CreateStyleInput = z.infer<typeof createStyleSchema>;

export const styleIdSchema = z.object({ styleId: z.uuid() });

/**
 * A partial edit: fields left out are unchanged, `tags` replaces the whole set. Built from the field
 * schemas rather than createStyleSchema.partial(), whose defaults would blank an omitted description.
 */
export const updateStyleSchema = z
  .object({
    styleId: z.uuid(),
    name: styleNameSchema.optional(),
    description: styleDescriptionSchema.optional(),
    tags: tagListSchema.optional(),
    priceTokens: priceTokensSchema.optional(),
  })
  .refine(({ styleId: _, ...fields }) => Object.values(fields).some((value) => value !== undefined), {
    message: 'Nothing to update',
  });
export type UpdateStyleInput = z.infer<typeof updateStyleSchema>;

/** Tags to search by, as a list or as the `watercolor,portrait` of a URL; blank pieces of the latter are skipped. */
const tagQuerySchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (typeof value === 'string' ? value.split(',').filter((p) => p.trim() !== '') : value))
  .pipe(tagListSchema);

export const searchStylesSchema = z.object({
  /** A style matches when it has every one of these tags (AND). */
  tags: tagQuerySchema.optional(),
  /** Only this artist's styles (their page). */
  artistId: z.uuid().optional(),
  sort: z.enum(STYLE_SORTS).default('newest'),
  /** The `nextCursor` of the previous page, unchanged; only valid with the same `sort`. */
  cursor: z.string().min(1).max(512).optional(),
  limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).default(20),
});
export type SearchStylesInput = z.infer<typeof searchStylesSchema>;
export type SearchStylesQuery = z.input<typeof searchStylesSchema>;

// ── Outputs ──────────────────────────────────────────────────────────────────────────────────────────

const styleArtistSchema = z.object({ id: z.uuid(), displayName: z.string() });

/**
 * A style's latest training run, as its artist follows it. A retrain of a ready style runs beside the
 * version on sale: the style stays `ready` (and sold) while this says queued or running, and a failed
 * retrain shows here while the older version stays on sale.
 */
export const trainingRunSchema = z.object({
  jobId: z.uuid(),
  status: z.enum(JOB_STATUSES),
  progress: z.number().int(),
  /** Clients translate it (i18n `jobFailures.training.<code>`). */
  failureCode: z.enum(JOB_FAILURE_CODES).nullable(),
  /** The limit that passed, for `stalled` and `not_started` (the `{{duration}}` of the sentence). */
  failureSeconds: z.number().int().nullable(),
  /** When the engine expects the run to end (ISO); null without an estimate and once the run ended. */
  estimatedFinishAt: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TrainingRun = z.infer<typeof trainingRunSchema>;

/** The model version on sale, 1, 2, …; null until a first training run succeeded. */
const versionSchema = z.number().int().nullable();

/** A style as its artist sees it in their own list (any status, archived included). */
export const myStyleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  priceTokens: z.number().int(),
  status: z.enum(STYLE_STATUSES),
  /** The latest training run's progress, 0–100. */
  progress: z.number().int(),
  version: versionSchema,
  training: trainingRunSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  trainedAt: z.string().nullable(),
  /** A short-lived link; null until training made a thumbnail. */
  thumbnailUrl: z.string().nullable(),
});
export type MyStyle = z.infer<typeof myStyleSchema>;

/** A style's page. Others see only ready styles; the artist sees their own in any status. */
export const styleDetailSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  priceTokens: z.number().int(),
  status: z.enum(STYLE_STATUSES),
  progress: z.number().int(),
  version: versionSchema,
  /** The latest training run: for the style's artist only, null for everyone else. */
  training: trainingRunSchema.nullable(),
  artist: styleArtistSchema,
  createdAt: z.string(),
  trainedAt: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  /** Short-lived links to the sample images training produced; empty until trained. */
  sampleUrls: z.array(z.string()),
  /** Made up by `npm start`'s demo seed (a demo artist's style): clients show a "Demo" badge. */
  demo: z.boolean(),
});
export type StyleDetail = z.infer<typeof styleDetailSchema>;

/** One search result: enough for a card in a grid. */
export const styleSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  tags: z.array(z.string()),
  priceTokens: z.number().int(),
  artist: styleArtistSchema,
  generationCount: z.number().int(),
  createdAt: z.string(),
  thumbnailUrl: z.string().nullable(),
  /** As on the style page: a demo artist's style, to be badged "Demo". */
  demo: z.boolean(),
});
export type StyleSummary = z.infer<typeof styleSummarySchema>;

export const styleSearchPageSchema = z.object({
  items: z.array(styleSummarySchema),
  /** Pass as `cursor` (with the same sort) for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type StyleSearchPage = z.infer<typeof styleSearchPageSchema>;

export const popularTagSchema = z.object({ name: z.string(), styleCount: z.number().int() });
export type PopularTag = z.infer<typeof popularTagSchema>;
