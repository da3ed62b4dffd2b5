// The gallery API: the public feed, an image's page, and an owner publishing their image.
import {
  feedInputSchema,
  feedPageSchema,
  imageDetailSchema,
  imageIdSchema,
  imageSharingSchema,
  updateImageSchema,
} from '@style-license/shared';
import { router } from '../../trpc/init';
import { authedProcedure, publicProcedure } from '../../trpc/procedures';
import { listFeed } from './feed';
import { getImage, updateImage } from './image';

export const galleryRouter = router({
  feed: publicProcedure
    .input(feedInputSchema)
    .output(feedPageSchema)
    .query(({ ctx, input }) =>
      listFeed(ctx.deps.database.db, ctx.deps.storage, ctx.auth?.user.id ?? null, input),
    ),

  image: publicProcedure
    .input(imageIdSchema)
    .output(imageDetailSchema)
    .query(({ ctx, input }) =>
      getImage(ctx.deps.database.db, ctx.deps.storage, ctx.auth?.user.id ?? null, input.generationId),
    ),

  /** Public or private, and the description: the image's owner only. */
  update: authedProcedure
    .input(updateImageSchema)
    .output(imageSharingSchema)
    .mutation(({ ctx, input }) => updateImage(ctx.deps.database.db, ctx.auth.user.id, input)),
});
