// The payments API: the token packages on sale, starting a checkout, and a buyer's purchase status
// (the web client polls it after returning from checkout; tokens arrive only through the webhook).
import { z } from 'zod';
import { TOKEN_PACKAGES, createCheckoutSchema } from '@style-license/shared';
import { router } from '../../trpc/init';
import { authedProcedure, publicProcedure } from '../../trpc/procedures';
import { getOwnPurchase, startCheckout } from './service';

const purchaseInputSchema = z.object({ id: z.uuid() });

export const paymentsRouter = router({
  packages: publicProcedure.query(() => TOKEN_PACKAGES),

  createCheckout: authedProcedure
    .input(createCheckoutSchema)
    .mutation(({ ctx, input }) => startCheckout(ctx.deps, ctx.auth.user, input.packageId)),

  purchase: authedProcedure.input(purchaseInputSchema).query(async ({ ctx, input }) => {
    const purchase = await getOwnPurchase(ctx.deps.database.db, ctx.auth.user.id, input.id);
    return {
      id: purchase.id,
      packageId: purchase.packageId,
      tokens: purchase.tokens,
      amount: purchase.amount,
      currency: purchase.currency,
      status: purchase.status,
      createdAt: purchase.createdAt.toISOString(),
      paidAt: purchase.paidAt?.toISOString() ?? null,
    };
  }),
});
