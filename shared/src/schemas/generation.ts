// Inputs of the generation and license APIs, shared with the clients.
import { z } from 'zod';
import { GENERATION_STATUSES, VISIBILITIES } from '../domain';
import { JOB_FAILURE_CODES } from '../failures';
import { priceTokensSchema, tagListSchema } from './styles';

import { GENERATION_TEXT_MAX, SEED_MAX } from './limits';

export { GENERATION_TEXT_MAX, SEED_MAX } from './limits';

/** Markup is refused rather than silently stripped: a buyer pays for exactly the text they sent. */
const MARKUP = /<\s*[a-zA-Z!/?]/;

/**
 * Strict: a field the API does not know is refused, not dropped, so a client that believes it sent a
 * price limit (or anything else) learns that it did not.
 */
export const createGenerationSchema = z.strictObject({
  styleId: z.uuid(),
  /**
   * The price the buyer was shown (`generation.quote`, `styles.get`). The charge is exactly this or
   * nothing: if the artist repriced meanwhile, the answer is CONFLICT with the current price.
   */
  expectedPriceTokens: priceTokensSchema,
  promptTags: tagListSchema.default([]),
  text: z
    .string()
    .trim()
    .max(GENERATION_TEXT_MAX)
    .refine((v) => !MARKUP.test(v), { message: 'must not contain HTML' })
    .default(''),
  seed: z.number().int().min(0).max(SEED_MAX).optional(),
  /** Chosen by the client per attempt: retrying with the same key returns the same generation. */
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w.:-]+$/),
});
export type CreateGenerationInput = z.infer<typeof createGenerationSchema>;

export const generationIdSchema = z.object({ generationId: z.uuid() });

export const listGenerationsSchema = z.object({
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(50).default(20),
});

/**
 * The largest file verification takes. A signed 1024² PNG is about 2.3 MB (the license mark's chroma
 * pattern compresses worse than the picture alone), and edited copies re-saved as PNG can be larger.
 */
export const VERIFY_FILE_MAX_BYTES = 8 * 1024 * 1024;

export const verifyLicenseSchema = z.union([
  z.object({ licenseId: z.uuid() }),
  /** The image file itself, base64 (its body limit is set for it: server/src/http/body-limits.ts). */
  z.object({
    fileBase64: z
      .string()
      .min(1)
      .max(Math.ceil(VERIFY_FILE_MAX_BYTES / 3) * 4),
  }),
]);

// ── Outputs ──────────────────────────────────────────────────────────────────────────────────────────

/** The cost preview shown before buying: no price unless the style exists and is ready. */
export const quoteSchema = z.object({
  priceTokens: z.number().int().nullable(),
  balance: z.number().int(),
  enough: z.boolean(),
});

/** A generation as its owner sees it (any status). */
export const myGenerationSchema = z.object({
  id: z.uuid(),
  styleId: z.uuid(),
  styleName: z.string(),
  /** The style's model version it was made with (null only for generations older than versions). */
  styleVersion: z.number().int().nullable(),
  status: z.enum(GENERATION_STATUSES),
  promptTags: z.array(z.string()),
  text: z.string(),
  seed: z.number().int(),
  costTokens: z.number().int(),
  visibility: z.enum(VISIBILITIES),
  licenseId: z.uuid().nullable(),
  /** Clients translate the code (i18n `jobFailures.generation.<code>`); the reason is its English. */
  failureCode: z.enum(JOB_FAILURE_CODES).nullable(),
  failureReason: z.string().nullable(),
  /** The limit that passed, for `expired` (the `{{duration}}` of the translated sentence). */
  failureSeconds: z.number().int().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  /** A short-lived link to the signed preview; null until it succeeded. */
  previewUrl: z.string().nullable(),
});
export type MyGeneration = z.infer<typeof myGenerationSchema>;

export const myGenerationPageSchema = z.object({
  items: z.array(myGenerationSchema),
  nextCursor: z.string().nullable(),
});

/** `generation.get`: the owner's view, or anyone else's view of a public, succeeded one. */
export const generationViewSchema = z.union([
  myGenerationSchema.extend({ mine: z.literal(true) }),
  z.object({
    id: z.uuid(),
    styleId: z.uuid(),
    status: z.enum(GENERATION_STATUSES),
    promptTags: z.array(z.string()),
    likeCount: z.number().int(),
    commentCount: z.number().int(),
    previewUrl: z.string(),
    mine: z.literal(false),
  }),
]);

/** A short-lived link to the licensed PNG, for its owner. */
export const downloadSchema = z.object({ url: z.string(), licenseId: z.uuid().nullable() });
