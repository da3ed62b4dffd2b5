// Inputs and outputs of the accounts API (sign-in state, profile, sessions), shared with the clients.
import { z } from 'zod';
import { LOCALES } from '../i18n/index';
import { USER_ROLES } from '../domain';

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
