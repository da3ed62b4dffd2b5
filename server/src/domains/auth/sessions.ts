/**
 * Server-side sessions. The client holds a random 256-bit token (cookie for the web, Bearer for the
 * desktop); the database holds only its hash, an expiry, and the kind. Signing out deletes the row,
 * so a stolen token stops working at once.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type { SessionKind } from '@style-license/shared';
import { newSecret, sha256Hex } from '../../security/tokens';

const { sessions, users } = schema;

export type SessionUser = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export interface ActiveSession {
  user: SessionUser;
  session: SessionRow;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_USED_GRANULARITY_MS = 60 * 60 * 1000;

export async function createSession(
  db: Db,
  input: { userId: string; kind: SessionKind; ttlDays: number; label?: string },
): Promise<{ token: string; session: SessionRow }> {
  const token = newSecret();
  const [session] = await db
    .insert(sessions)
    .values({
      userId: input.userId,
      kind: input.kind,
      label: input.label,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Date.now() + input.ttlDays * DAY_MS),
    })
    .returning();
  return { token, session: session! };
}

const prepareLookup = (db: Db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare('resolve_session');

/**
 * The lookup every signed-in request makes, built once per database handle: building its SQL anew was
 * most of its CPU cost (the API benchmark), and the named statement is parsed once per connection.
 */
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();

/** The live session for a token, or null (unknown, revoked or expired; expired rows are removed). */
export async function resolveSession(db: Db, token: string): Promise<ActiveSession | null> {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = prepareLookup(db)));
  const [row] = await lookup.execute({ tokenHash: sha256Hex(token) });
  if (!row) return null;
  if (row.session.expiresAt.getTime() <= Date.now()) {
    await db.delete(sessions).where(eq(sessions.id, row.session.id));
    return null;
  }
  // Coarse on purpose: one write per session per hour is enough for "last used" in the device list.
  if (Date.now() - row.session.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.update(sessions).set({ lastUsedAt: new Date() }).where(eq(sessions.id, row.session.id));
  }
  return row;
}

export async function deleteSessionByToken(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(token)));
}

/** "Sign out everywhere": every web and desktop session of the user. */
export async function deleteAllSessions(db: Db, userId: string): Promise<number> {
  const deleted = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
  return deleted.length;
}

export async function listSessions(db: Db, userId: string) {
  return db
    .select({
      id: sessions.id,
      kind: sessions.kind,
      label: sessions.label,
      createdAt: sessions.createdAt,
      lastUsedAt: sessions.lastUsedAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date())))
    .orderBy(sessions.createdAt);
}

/** Revokes one of the user's own sessions; false when there is no such session of theirs. */
export async function revokeSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return deleted.length === 1;
}
