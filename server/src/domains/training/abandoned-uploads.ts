/**
 * Uploads nobody confirmed: once a link has been expired for a while (the client had its chance), the
 * object it may have written is deleted, unless an accepted image uses it, and the pending row goes.
 * Idempotent, so every server may run it.
 */
import { eq, lt } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type { ObjectStorage } from '@style-license/platform/storage';

const { pendingUploads, trainingImages } = schema;
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
    const used = await db
      .select({ id: trainingImages.id })
      .from(trainingImages)
      .where(eq(trainingImages.objectKey, upload.objectKey));
    if (used.length === 0) await storage.delete(upload.objectKey);
    await db.delete(pendingUploads).where(eq(pendingUploads.objectKey, upload.objectKey));
  }
  return stale.length;
}
