// The likes API: like and unlike a public image (both idempotent), answering with the exact count.
import { imageIdSchema, likeStateSchema } from '@style-license/shared';
import { router } from '../../trpc/init';
import { authedProcedure } from '../../trpc/procedures';
import { likeImage, unlikeImage } from './service';

export const likesRouter = router({
  add: authedProcedure
    .input(imageIdSchema)
    .output(likeStateSchema)
    .mutation(({ ctx, input }) => likeImage(ctx.deps.database.db, ctx.auth.user.id, input.generationId)),
  remove: authedProcedure
    .input(imageIdSchema)
    .output(likeStateSchema)
    .mutation(({ ctx, input }) => unlikeImage(ctx.deps.database.db, ctx.auth.user.id, input.generationId)),
});
