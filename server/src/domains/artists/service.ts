/**
 * Becoming an artist and keeping a signature. Invariants: an artist profile row and the artist role are
 * written in one transaction; a signature object is never overwritten or deleted once referenced (images
 * already generated point at it), and an object whose transaction failed is deleted again (no orphans).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  nameProblems,
  resources,
  type ApplyAsArtistInput,
  type ArtistPage,
  type ArtistProfile,
  type ReplaceSignatureInput,
  type SignatureFile,
  type SignatureUrl,
} from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import type { SessionUser } from '../auth/sessions';
import { normaliseSignature } from './signature';
import { followState } from '../follows/service';

const { artistProfiles, users } = schema;

type ArtistDeps = Pick<ServerDeps, 'database' | 'storage'>;

/** Long enough to render the settings page, short enough that a leaked link soon stops working. */
export const SIGNATURE_URL_TTL_SECONDS = 5 * 60;

/** A fresh key per upload, so replacing a signature can never change what an older image refers to. */
function newSignatureKey(userId: string): string {
  return `signatures/${userId}/${randomUUID()}.png`;
}

async function storeSignature(deps: ArtistDeps, userId: string, file: SignatureFile): Promise<string> {
  const png = await normaliseSignature(Buffer.from(file.dataBase64, 'base64'));
  const key = newSignatureKey(userId);
  await deps.storage.put(key, png, { contentType: 'image/png' });
  return key;
}

/**
 * Runs `write` for an object already stored under `key`; when it fails the object is deleted again. A failed
 * delete is swallowed: the caller needs the original error, and the object is then merely unreferenced.
 */
async function referenceOrDelete<T>(deps: ArtistDeps, key: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    await deps.storage.delete(key).catch(() => undefined);
    throw error;
  }
}

export async function findArtistProfile(db: Db, userId: string) {
  const [row] = await db.select().from(artistProfiles).where(eq(artistProfiles.userId, userId));
  return row ?? null;
}

export function toArtistProfile(row: typeof artistProfiles.$inferSelect): ArtistProfile {
  return { contactEmail: row.contactEmail, artistSince: row.createdAt.toISOString() };
}

/** The index that keeps artists' names apart by their confusable skeleton (migration 0009). */
const ARTIST_NAME_INDEX = 'users_artist_name_skeleton_key';

/** Whether `error` is the database refusing an artist a name that looks like another artist's. */
export function isArtistNameTaken(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const { code, constraint } = (cause ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && constraint === ARTIST_NAME_INDEX;
}

export function nameTaken(): AppError {
  const message = resources.en.names.name_taken;
  return new AppError('CONFLICT', message, {
    details: [{ path: 'displayName', rule: 'name_taken', message }],
  });
}

/** Another artist's name has the skeleton of `name` (computed by the same SQL function as the index's). */
async function artistNameTaken(db: Db, userId: string, name: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.role, 'artist'),
        ne(users.id, userId),
        sql`${users.nameSkeleton} = name_skeleton(${name})`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Grants the artist role at once (identity checks are out of scope). Applying twice is a CONFLICT rather
 * than a silent update: contact email and signature each have their own way to change, and a second
 * application is more likely a double submit than an intent. The profile row decides, not the role, so a
 * user made an artist some other way (seed data, support) can still apply to get a profile. A name that
 * looks like another artist's is a CONFLICT (`name_taken`) that changes nothing: the unique index on the
 * skeleton decides, checked when the role is set, so a buyer who shares a name with an artist finds out
 * here, and may apply with another name.
 */
function assertUsableStoredName(name: string) {
  const broken = nameProblems(name);
  if (broken.length === 0) return;
  throw new AppError('VALIDATION_FAILED', 'Your current name cannot be an artist name: give one', {
    details: broken.map((rule) => ({ path: 'displayName', rule, message: resources.en.names[rule] })),
  });
}

export async function applyAsArtist(
  deps: ArtistDeps,
  user: Pick<SessionUser, 'id' | 'displayName'>,
  input: ApplyAsArtistInput,
): Promise<ArtistProfile> {
  const db = deps.database.db;
  // Cheap early answers, before a signature is stored; the transaction below is what holds under races.
  if (await findArtistProfile(db, user.id)) throw alreadyArtist();
  // A name stored before the name rule (migration 0009 cleans only what SQL can) may not become an
  // artist name, which is written into every license file: the application must then name the artist.
  const { displayName } = input;
  if (displayName === undefined) assertUsableStoredName(user.displayName);
  if (await artistNameTaken(db, user.id, displayName ?? user.displayName)) throw nameTaken();
  const key = await storeSignature(deps, user.id, input.signature);
  const row = await referenceOrDelete(deps, key, async () => {
    try {
      return await db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(artistProfiles)
          .values({ userId: user.id, contactEmail: input.contactEmail, signatureKey: key })
          .onConflictDoNothing({ target: artistProfiles.userId })
          .returning();
        if (!inserted) throw alreadyArtist();
        // Left out (undefined), the name stays as stored; the skeleton index checks it as the role is set.
        await tx
          .update(users)
          .set({ role: 'artist', displayName, updatedAt: new Date() })
          .where(eq(users.id, user.id));
        return inserted;
      });
    } catch (error) {
      throw isArtistNameTaken(error) ? nameTaken() : error;
    }
  });
  return toArtistProfile(row);
}

function alreadyArtist(): AppError {
  return new AppError('CONFLICT', 'You are already an artist: replace your signature instead');
}

/** A new object under a new key; the old one stays, because generated images keep the old signature. */
export async function replaceSignature(
  deps: ArtistDeps,
  user: Pick<SessionUser, 'id'>,
  input: ReplaceSignatureInput,
): Promise<{ signatureKey: string }> {
  const db = deps.database.db;
  if (!(await findArtistProfile(db, user.id))) throw noProfile();
  const key = await storeSignature(deps, user.id, input.signature);
  await referenceOrDelete(deps, key, async () => {
    const updated = await db
      .update(artistProfiles)
      .set({ signatureKey: key, updatedAt: new Date() })
      .where(eq(artistProfiles.userId, user.id))
      .returning({ userId: artistProfiles.userId });
    if (updated.length === 0) throw noProfile();
  });
  return { signatureKey: key };
}

function noProfile(): AppError {
  return new AppError('NOT_FOUND', 'No artist profile: apply as an artist first');
}

export async function signatureUrl(deps: ArtistDeps, userId: string, key?: string): Promise<SignatureUrl> {
  const signatureKey = key ?? (await findArtistProfile(deps.database.db, userId))?.signatureKey;
  if (!signatureKey) throw noProfile();
  const url = await deps.storage.presignGet(signatureKey, { expiresInSeconds: SIGNATURE_URL_TTL_SECONDS });
  return { url, expiresAt: new Date(Date.now() + SIGNATURE_URL_TTL_SECONDS * 1000).toISOString() };
}

/** Public page data; the same NOT_FOUND for unknown ids and non-artists, so the page reveals nothing. */
export async function getArtistPage(db: Db, viewerId: string | null, artistId: string): Promise<ArtistPage> {
  const [row] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      avatarUrl: users.avatarUrl,
      bio: artistProfiles.bio,
      joinedAt: users.createdAt,
      demo: users.isDemo,
    })
    .from(users)
    .innerJoin(artistProfiles, eq(artistProfiles.userId, users.id))
    .where(and(eq(users.id, artistId), eq(users.role, 'artist')));
  if (!row) throw new AppError('NOT_FOUND', 'No such artist');
  const { following, followerCount } = await followState(db, viewerId, artistId);
  return { ...row, joinedAt: row.joinedAt.toISOString(), followerCount, followedByMe: following };
}
