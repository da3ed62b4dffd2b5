/**
 * Comments on images. Anyone signed in may comment on a public image, and an owner on their own private
 * one; everyone who may see the image may read its comments, newest first in keyset pages. Removing is
 * the author's, and soft: the comment keeps its place in the thread (cursors stay valid) without its
 * words. comment_count counts the comments not removed, changed only in the transaction that adds or
 * removes one, with the image row locked. The owner is told of each comment by someone else.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, type AddCommentInput, type Comment, type CommentPage } from '@style-license/shared';
import { notify } from '../notifications/service';
import { descendingKeyset, fetchKeysetPage } from '../paging/keyset';
import { visibleTo } from '../gallery/image-rows';

const { comments, generations, styles, users } = schema;

const EXCERPT_LENGTH = 140;
const noImage = () => new AppError('NOT_FOUND', 'No such image');

async function lockVisibleImage(tx: Db, viewerId: string, generationId: string) {
  const [image] = await tx
    .select({ id: generations.id, ownerId: generations.ownerId, styleId: generations.styleId })
    .from(generations)
    .where(and(eq(generations.id, generationId), eq(generations.status, 'succeeded'), visibleTo(viewerId)))
    .for('update');
  if (!image) throw noImage();
  return image;
}

async function addToCount(tx: Db, generationId: string, delta: 1 | -1) {
  await tx
    .update(generations)
    .set({ commentCount: sql`${generations.commentCount} + ${delta}` })
    .where(eq(generations.id, generationId));
}

/** What a comment shows: read joined with its author (users). */
const commentColumns = {
  id: comments.id,
  authorId: comments.authorId,
  authorName: users.displayName,
  body: comments.body,
  deletedAt: comments.deletedAt,
  createdAt: comments.createdAt,
};

function toComment(
  row: {
    id: string;
    authorId: string;
    authorName: string;
    body: string;
    deletedAt: Date | null;
    createdAt: Date;
  },
  viewerId: string | null,
): Comment {
  const removed = row.deletedAt !== null;
  return {
    id: row.id,
    author: { id: row.authorId, displayName: row.authorName },
    body: removed ? null : row.body,
    removed,
    mine: row.authorId === viewerId,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function addComment(db: Db, authorId: string, input: AddCommentInput): Promise<Comment> {
  return db.transaction(async (tx) => {
    const image = await lockVisibleImage(tx, authorId, input.generationId);
    const [comment] = await tx
      .insert(comments)
      .values({ generationId: image.id, authorId, body: input.body })
      .returning();
    await addToCount(tx, image.id, 1);
    const [author] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, authorId));
    if (image.ownerId !== authorId) {
      const [style] = await tx.select({ name: styles.name }).from(styles).where(eq(styles.id, image.styleId));
      await notify(tx, {
        userId: image.ownerId,
        type: 'image_commented',
        payload: {
          generationId: image.id,
          styleName: style!.name,
          commentId: comment!.id,
          authorId,
          authorName: author!.name,
          excerpt: [...input.body].slice(0, EXCERPT_LENGTH).join(''),
        },
        dedupeKey: `image-commented:${comment!.id}`,
      });
    }
    return toComment({ ...comment!, authorName: author!.name }, authorId);
  });
}

const newestFirst = descendingKeyset(comments.createdAt, comments.id);

export async function listComments(
  db: Db,
  viewerId: string | null,
  input: { generationId: string; cursor?: string; limit: number },
): Promise<CommentPage> {
  const [image] = await db
    .select({ commentCount: generations.commentCount })
    .from(generations)
    .where(
      and(eq(generations.id, input.generationId), eq(generations.status, 'succeeded'), visibleTo(viewerId)),
    );
  if (!image) throw noImage();
  // The cursor is a comment id, looked up on this image only: a foreign one yields an empty page.
  const after = input.cursor
    ? newestFirst.after(
        sql`SELECT created_at, id FROM comments WHERE id = ${input.cursor} AND generation_id = ${input.generationId}`,
      )
    : undefined;
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) =>
      db
        .select(commentColumns)
        .from(comments)
        .innerJoin(users, eq(users.id, comments.authorId))
        .where(and(eq(comments.generationId, input.generationId), after))
        .orderBy(...newestFirst.orderBy)
        .limit(fetchLimit),
    (last) => last.id,
  );
  return { items: page.map((row) => toComment(row, viewerId)), total: image.commentCount, nextCursor };
}

/** The author's own comment only (anyone else's is NOT_FOUND); removing a removed one changes nothing. */
export async function removeComment(db: Db, authorId: string, commentId: string): Promise<Comment> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ generationId: comments.generationId })
      .from(comments)
      .where(and(eq(comments.id, commentId), eq(comments.authorId, authorId)));
    if (!found) throw new AppError('NOT_FOUND', 'No such comment');
    // The image first, then the comment: the order every writer of both takes, so none deadlock.
    await tx
      .select({ id: generations.id })
      .from(generations)
      .where(eq(generations.id, found.generationId))
      .for('update');
    const [removed] = await tx
      .update(comments)
      .set({ deletedAt: sql`now()` })
      .where(and(eq(comments.id, commentId), isNull(comments.deletedAt)))
      .returning();
    if (removed) await addToCount(tx, found.generationId, -1);
    const [row] = await tx
      .select(commentColumns)
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(eq(comments.id, commentId));
    return toComment(row!, authorId);
  });
}
