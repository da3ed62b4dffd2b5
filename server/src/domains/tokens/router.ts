// The tokens API: the signed-in user's balance (artists see their earnings here too) and history.
import { router } from '../../trpc/init';
import { authedProcedure } from '../../trpc/procedures';
import { balanceOf } from './ledger';

export const tokensRouter = router({
  balance: authedProcedure.query(async ({ ctx }) => ({
    balance: await balanceOf(ctx.deps.database.db, ctx.auth.user.id),
  })),
});
