/**
 * The signed-in user's own profile: name, avatar and language, plus their artist data when they are one.
 * Only the fields the input names change; the role is never writable here (becoming an artist is its own flow).
 */
import { eq } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, type Profile, type UpdateProfileInput } from '@style-license/shared';
import { isArtistNameTaken, nameTaken, toArtistProfile } from '../artists/service';

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

/**
 * One UPDATE, so a refused edit changes nothing. An artist renaming to a name that looks like another
 * artist's is refused by the database's unique skeleton index: CONFLICT `name_taken`.
 */
export async function updateProfile(db: Db, userId: string, input: UpdateProfileInput): Promise<Profile> {
  const { displayName, locale, avatarUrl } = input;
  try {
    await db
      .update(users)
      .set({ displayName, locale, avatarUrl, updatedAt: new Date() })
      .where(eq(users.id, userId));
  } catch (error) {
    throw isArtistNameTaken(error) ? nameTaken() : error;
  }
  return getProfile(db, userId);
}
