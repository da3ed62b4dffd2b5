// Inputs and outputs of the accounts API (sign-in state, profile, sessions), shared with the clients.
import { z } from 'zod';
import { LOCALES } from '../i18n/locales';
import { USER_ROLES } from '../domain';
import { nameSchema } from '../names';

export const DISPLAY_NAME_MAX = 60;

/**
 * A display name as a user types it (profile, artist application). It is shown to everyone and written
 * into licensed files as the artist's or licensee's name, so it follows the name rule of shared/src/names.ts.
 */
export const displayNameSchema = nameSchema(DISPLAY_NAME_MAX);

export const meSchema = z.object({
  id: z.string().uuid(),
  email: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  locale: z.enum(LOCALES),
  role: z.enum(USER_ROLES),
});
export type Me = z.infer<typeof meSchema>;

export const sessionIdSchema = z.object({ sessionId: z.string().uuid() });
