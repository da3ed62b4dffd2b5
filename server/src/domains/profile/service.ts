/**
 * The signed-in user's own profile: name, avatar and language, plus their artist data when they are one.
 * Only the fields the input names change; the role is never writable here (becoming an artist is its own flow).
 */
import { eq } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, type Profile, type UpdateProfileInput } from '@style-license/shared';
import { toArtistProfile } from '../artists/service';

const { artistProfiles, users } = schema;

export async function getProfile(db: Db, userId: string): Promise<Profile> {
  const [row] = await db
    .select({ user: users, artist: artistProfiles })
    .from(users)
    .leftJoin(artistProfiles, eq(artistProfiles.userId, users.id))
    .where(eq(users.id, userId));
  // The session resolved a moment ago, so a missing row means the account was deleted in between.
  if (!row) throw new AppError('UNAUTHORIZED', 'Sign in to continue');
  const { id, email, displayName, avatarUrl, locale, role } = row.user;
  return {
    id,
    email,
    displayName,
    avatarUrl,
    locale,
    role,
    artist: row.artist ? toArtistProfile(row.artist) : null,
  };
}

export async function updateProfile(db: Db, userId: string, input: UpdateProfileInput): Promise<Profile> {
  const { displayName, locale, avatarUrl } = input;
  await db
    .update(users)
    .set({ displayName, locale, avatarUrl, updatedAt: new Date() })
    .where(eq(users.id, userId));
  return getProfile(db, userId);
}
