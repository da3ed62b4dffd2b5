/**
 * Upload links after their lifetime: once a link has been expired for a while (no confirm can still be
 * running), whatever it may have written is deleted, confirmed or not: its upload object (a confirm
 * already deleted it, but the link could PUT again until it expired) and a confirmed original that no
 * image records (a confirm cut short). Accepted images' originals stay. Idempotent, so every server may
 * run it.
 */
import { eq, lt } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type { ObjectStorage } from '@style-license/platform/storage';
import { isRecordedOriginal } from './images';
import { originalKeyFor } from './upload-tokens';

const { pendingUploads } = schema;
const GRACE_MS = 60 * 60 * 1000;

export async function purgeAbandonedUploads(
  db: Db,
  storage: ObjectStorage,
  now = Date.now(),
): Promise<number> {
  const stale = await db
    .select()
    .from(pendingUploads)
    .where(lt(pendingUploads.expiresAt, new Date(now - GRACE_MS)))
    .limit(1000);
  for (const upload of stale) {
    // Links handed out before originals moved named `originals/<uuid>` themselves: kept when recorded.
    const original = originalKeyFor(upload.objectKey);
    for (const key of original ? [upload.objectKey, original] : [upload.objectKey]) {
      if (!(await isRecordedOriginal(db, key))) await storage.delete(key);
    }
    await db.delete(pendingUploads).where(eq(pendingUploads.objectKey, upload.objectKey));
  }
  return stale.length;
}
