// The generation API: quote, buy (charged, queued, rate limited), follow, list and download.
import { z } from 'zod';
import {
  createGenerationSchema,
  downloadSchema,
  generationIdSchema,
  generationViewSchema,
  listGenerationsSchema,
  myGenerationPageSchema,
  myGenerationSchema,
  quoteSchema,
} from '@style-license/shared';
import { eq } from 'drizzle-orm';
import { schema } from '@style-license/db';
import { router } from '../../trpc/init';
import { generationRateLimit } from '../../trpc/middlewares/rate-limit';
import { authedProcedure, publicProcedure } from '../../trpc/procedures';
import { balanceOf } from '../tokens/ledger';
import { createGeneration } from './service';
import { downloadUrl, listMine, loadOwnedGeneration, ownerView, viewFor } from './views';

export const generationRouter = router({
  /** The cost preview shown before buying. */
  quote: authedProcedure
    .input(z.object({ styleId: z.uuid() }))
    .output(quoteSchema)
    .query(async ({ ctx, input }) => {
      const { db } = ctx.deps.database;
      const [style] = await db
        .select({ price: schema.styles.priceTokens, status: schema.styles.status })
        .from(schema.styles)
        .where(eq(schema.styles.id, input.styleId));
      const balance = await balanceOf(db, ctx.auth.user.id);
      const price = style?.status === 'ready' ? style.price : null;
      return { priceTokens: price, balance, enough: price !== null && balance >= price };
    }),

  create: authedProcedure
    .use(generationRateLimit)
    .input(createGenerationSchema)
    .output(myGenerationSchema)
    .mutation(async ({ ctx, input }) => {
      const created = await createGeneration(ctx.deps, ctx.auth.user.id, input, ctx.requestId);
      return ownerView(ctx.deps.storage, (await loadOwnedGeneration(ctx.deps.database.db, created.id))!);
    }),

  get: publicProcedure
    .input(generationIdSchema)
    .output(generationViewSchema)
    .query(({ ctx, input }) =>
      viewFor(ctx.deps.database.db, ctx.deps.storage, ctx.auth?.user.id ?? null, input.generationId),
    ),

  mine: authedProcedure
    .input(listGenerationsSchema)
    .output(myGenerationPageSchema)
    .query(({ ctx, input }) => listMine(ctx.deps.database.db, ctx.deps.storage, ctx.auth.user.id, input)),

  download: authedProcedure
    .input(generationIdSchema)
    .output(downloadSchema)
    .query(({ ctx, input }) =>
      downloadUrl(ctx.deps.database.db, ctx.deps.storage, ctx.auth.user.id, input.generationId),
    ),
});
