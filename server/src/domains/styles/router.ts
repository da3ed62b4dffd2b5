// The styles API: an artist's own styles (create, edit, archive, list) and the public style page, search
// and popular tags. Handlers only wire input to the services; the rules live in service.ts and search.ts.
import { z } from 'zod';
import {
  createStyleSchema,
  myStyleSchema,
  popularTagSchema,
  searchStylesSchema,
  styleDetailSchema,
  styleIdSchema,
  styleSearchPageSchema,
  updateStyleSchema,
} from '@style-license/shared';
import { router } from '../../trpc/init';
import { artistProcedure, publicProcedure } from '../../trpc/procedures';
import { searchStyles } from './search';
import { archiveStyle, createStyle, getStyle, listMyStyles, updateStyle } from './service';
import { popularTags } from './tags';

export const stylesRouter = router({
  create: artistProcedure
    .input(createStyleSchema)
    .output(myStyleSchema)
    .mutation(({ ctx, input }) => createStyle(ctx.deps, ctx.auth.user.id, input)),

  update: artistProcedure
    .input(updateStyleSchema)
    .output(myStyleSchema)
    .mutation(({ ctx, input }) => updateStyle(ctx.deps, ctx.auth.user.id, input)),

  archive: artistProcedure
    .input(styleIdSchema)
    .output(myStyleSchema)
    .mutation(({ ctx, input }) => archiveStyle(ctx.deps, ctx.auth.user.id, input.styleId)),

  mine: artistProcedure
    .output(z.array(myStyleSchema))
    .query(({ ctx }) => listMyStyles(ctx.deps, ctx.auth.user.id)),

  /** Public, but the artist also sees their own style before it is ready. */
  get: publicProcedure
    .input(styleIdSchema)
    .output(styleDetailSchema)
    .query(({ ctx, input }) => getStyle(ctx.deps, ctx.auth?.user.id ?? null, input.styleId)),

  search: publicProcedure
    .input(searchStylesSchema)
    .output(styleSearchPageSchema)
    .query(({ ctx, input }) => searchStyles(ctx.deps, input)),

  popularTags: publicProcedure
    .output(z.array(popularTagSchema))
    .query(({ ctx }) => popularTags(ctx.deps.database.db)),
});
