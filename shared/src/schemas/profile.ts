// Inputs and outputs of the profile API: the signed-in user's own name, avatar and language.
import { z } from 'zod';
import { LOCALES } from '../i18n/locales';
import { artistProfileSchema } from './artists';
import { displayNameSchema, meSchema } from './accounts';

/**
 * Avatars load in other people's browsers: https on a real host name only (no data:, no http:, no IPs).
 * Stored as the URL parser writes it, so a control character (a NUL, which PostgreSQL refuses) or a space
 * in the path arrives percent-encoded.
 */
export const avatarUrlSchema = z
  .url({ protocol: /^https$/, hostname: z.regexes.domain, normalize: true })
  .max(2048);

/** A partial update: a language switcher sends only `locale`, the settings form sends everything. */
export const updateProfileSchema = z
  .object({
    displayName: displayNameSchema,
    locale: z.enum(LOCALES),
    avatarUrl: avatarUrlSchema.nullable(),
  })
  .partial()
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: 'Nothing to update',
  });
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

/** The signed-in user as the settings page shows them, with their artist data when they are one. */
export const profileSchema = meSchema.extend({ artist: artistProfileSchema.nullable() });
export type Profile = z.infer<typeof profileSchema>;
