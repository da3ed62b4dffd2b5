// Inputs of the generation and license APIs, shared with the clients.
import { z } from 'zod';
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

export const verifyLicenseSchema = z.union([
  z.object({ licenseId: z.uuid() }),
  /** The image file itself, base64; 2 MB of file fits the API's 3 MB body limit (a signed PNG is smaller). */
  z.object({
    fileBase64: z
      .string()
      .min(1)
      .max(Math.ceil((2 * 1024 * 1024) / 3) * 4),
  }),
]);
