// Inputs and outputs of the profile API: the signed-in user's own name, avatar and language.
// Display names are shown to everyone, so they carry no markup and no control characters.
import { z } from 'zod';
import { LOCALES } from '../i18n/index';
import { artistProfileSchema } from './artists';
import { meSchema } from './accounts';

export const DISPLAY_NAME_MAX = 60;

export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(DISPLAY_NAME_MAX)
  // Every client escapes names, but a name that looks like markup is refused anyway: it is never legitimate.
  .refine((name) => !/[<>]/.test(name), { message: 'Display name cannot contain < or >' })
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), {
    message: 'Display name cannot contain control characters',
  });

/** Avatars load in other people's browsers: https on a real host name only (no data:, no http:, no IPs). */
export const avatarUrlSchema = z.url({ protocol: /^https$/, hostname: z.regexes.domain }).max(2048);

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
