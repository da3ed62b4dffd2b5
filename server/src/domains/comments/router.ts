// The comments API: add (rate limited per user), list newest first, and remove one's own.
import {
  addCommentSchema,
  commentIdSchema,
  commentPageSchema,
  commentSchema,
  listCommentsSchema,
} from '@style-license/shared';
import { router } from '../../trpc/init';
import { commentRateLimit } from '../../trpc/middlewares/rate-limit';
import { authedProcedure, publicProcedure } from '../../trpc/procedures';
import { addComment, listComments, removeComment } from './service';

export const commentsRouter = router({
  add: authedProcedure
    .use(commentRateLimit)
    .input(addCommentSchema)
    .output(commentSchema)
    .mutation(({ ctx, input }) => addComment(ctx.deps.database.db, ctx.auth.user.id, input)),

  list: publicProcedure
    .input(listCommentsSchema)
    .output(commentPageSchema)
    .query(({ ctx, input }) => listComments(ctx.deps.database.db, ctx.auth?.user.id ?? null, input)),

  remove: authedProcedure
    .input(commentIdSchema)
    .output(commentSchema)
    .mutation(({ ctx, input }) => removeComment(ctx.deps.database.db, ctx.auth.user.id, input.commentId)),
});
