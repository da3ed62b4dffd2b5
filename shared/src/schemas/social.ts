// Inputs and outputs of the social API: likes, comments and follows.
import { z } from 'zod';
import { COMMENT_MAX } from './limits';
import { plainTextSchema } from './plain-text';

export { COMMENT_MAX } from './limits';

// ── Likes ─────────────────────────────────────────────────────────────────────────────────────────────

/** After a like or unlike: whether the caller likes it now, and the exact count. */
export const likeStateSchema = z.object({ liked: z.boolean(), likeCount: z.number().int() });
export type LikeState = z.infer<typeof likeStateSchema>;

// ── Comments ──────────────────────────────────────────────────────────────────────────────────────────

/** Plain text, 1 to COMMENT_MAX code points; markup is kept as typed and rendered escaped. */
export const commentBodySchema = plainTextSchema({ min: 1, max: COMMENT_MAX, what: 'A comment' });

export const addCommentSchema = z.strictObject({ generationId: z.uuid(), body: commentBodySchema });
export type AddCommentInput = z.infer<typeof addCommentSchema>;

export const listCommentsSchema = z.object({
  generationId: z.uuid(),
  /** The `nextCursor` of the previous page. */
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(50).default(20),
});

export const commentIdSchema = z.object({ commentId: z.uuid() });

export const commentSchema = z.object({
  id: z.uuid(),
  author: z.object({ id: z.uuid(), displayName: z.string() }),
  /** Null once removed: a removed comment keeps its place in the thread, without its words. */
  body: z.string().nullable(),
  removed: z.boolean(),
  /** The reader wrote it (and may remove it). */
  mine: z.boolean(),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof commentSchema>;

export const commentPageSchema = z.object({
  items: z.array(commentSchema),
  /** The image's comment count (removed ones not counted). */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type CommentPage = z.infer<typeof commentPageSchema>;

// ── Follows ───────────────────────────────────────────────────────────────────────────────────────────

export const followStateSchema = z.object({ following: z.boolean(), followerCount: z.number().int() });
export type FollowState = z.infer<typeof followStateSchema>;

export const listFollowingSchema = z.object({
  /** The `nextCursor` of the previous page, unchanged. */
  cursor: z.string().min(1).max(512).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const followedArtistSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  followedAt: z.string(),
});
export const followingPageSchema = z.object({
  items: z.array(followedArtistSchema),
  nextCursor: z.string().nullable(),
});
export type FollowingPage = z.infer<typeof followingPageSchema>;
