// The tokens API: the signed-in user's balance (artists see their earnings here too) and history.
import { balanceSchema, historyInputSchema, historyPageSchema } from '@style-license/shared';
import { router } from '../../trpc/init';
import { authedProcedure } from '../../trpc/procedures';
import { listHistory } from './history';
import { balanceOf } from './ledger';

export const tokensRouter = router({
  balance: authedProcedure.output(balanceSchema).query(async ({ ctx }) => ({
    balance: await balanceOf(ctx.deps.database.db, ctx.auth.user.id),
  })),
  /** Newest first; pass `nextCursor` back as `cursor` for older entries (the CSV route has them all). */
  history: authedProcedure
    .input(historyInputSchema)
    .output(historyPageSchema)
    .query(({ ctx, input }) => listHistory(ctx.deps.database.db, ctx.auth.user.id, input)),
});
