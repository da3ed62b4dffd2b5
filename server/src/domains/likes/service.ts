/**
 * Likes on public images. Invariants: one like per person and image (the primary key); like_count is
 * the number of like rows, kept exact under any concurrency by changing it only in the transaction that
 * inserts or deletes a row, with the image row locked; liking and unliking are idempotent. The owner is
 * told once per liker and image however often the like is toggled (the notification's dedupe key
 * outlives the like), and never about their own like.
 */
import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, type LikeState } from '@style-license/shared';
import { notify } from '../notifications/service';

const { generations, likes, styles, users } = schema;

/** The image, locked, if it is public; anything else is NOT_FOUND, the same as a missing id. */
async function lockPublicImage(tx: Db, generationId: string) {
  const [image] = await tx
    .select({ id: generations.id, ownerId: generations.ownerId, likeCount: generations.likeCount })
    .from(generations)
    .where(and(eq(generations.id, generationId), eq(generations.visibility, 'public')))
    .for('update');
  if (!image) throw new AppError('NOT_FOUND', 'No such image');
  return image;
}

async function addToCount(tx: Db, generationId: string, delta: 1 | -1): Promise<number> {
  const [row] = await tx
    .update(generations)
    .set({ likeCount: sql`${generations.likeCount} + ${delta}` })
    .where(eq(generations.id, generationId))
    .returning({ likeCount: generations.likeCount });
  return row!.likeCount;
}

export async function likeImage(db: Db, userId: string, generationId: string): Promise<LikeState> {
  return db.transaction(async (tx) => {
    const image = await lockPublicImage(tx, generationId);
    const inserted = await tx
      .insert(likes)
      .values({ userId, generationId })
      .onConflictDoNothing()
      .returning({ userId: likes.userId });
    if (inserted.length === 0) return { liked: true, likeCount: image.likeCount };
    const likeCount = await addToCount(tx, generationId, 1);
    if (image.ownerId !== userId) {
      const [about] = await tx
        .select({ likerName: users.displayName, styleName: styles.name })
        .from(generations)
        .innerJoin(styles, eq(styles.id, generations.styleId))
        .innerJoin(users, eq(users.id, userId))
        .where(eq(generations.id, generationId));
      await notify(tx, {
        userId: image.ownerId,
        type: 'image_liked',
        payload: { generationId, styleName: about!.styleName, likerId: userId, likerName: about!.likerName },
        dedupeKey: `image-liked:${generationId}:${userId}`,
      });
    }
    return { liked: true, likeCount };
  });
}

export async function unlikeImage(db: Db, userId: string, generationId: string): Promise<LikeState> {
  return db.transaction(async (tx) => {
    const image = await lockPublicImage(tx, generationId);
    const deleted = await tx
      .delete(likes)
      .where(and(eq(likes.userId, userId), eq(likes.generationId, generationId)))
      .returning({ userId: likes.userId });
    if (deleted.length === 0) return { liked: false, likeCount: image.likeCount };
    return { liked: false, likeCount: await addToCount(tx, generationId, -1) };
  });
}
