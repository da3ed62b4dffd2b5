/**
 * Removes rows that only matter until they expire: sessions, sign-in flows, desktop codes and
 * rate-limit windows. Runs periodically in every server; deleting is idempotent, so instances may overlap.
 */
import { lt } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';

const { authFlows, desktopAuthCodes, rateLimits, sessions } = schema;

export async function purgeExpired(db: Db, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db.delete(authFlows).where(lt(authFlows.expiresAt, now));
  await db.delete(desktopAuthCodes).where(lt(desktopAuthCodes.expiresAt, now));
  await db.delete(rateLimits).where(lt(rateLimits.resetAt, now));
}
