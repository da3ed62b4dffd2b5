import { z } from 'zod';
import { router } from '../../trpc/init';
import { authedProcedure } from '../../trpc/procedures';
import { listNotifications, markRead, unreadCount } from './service';

export const notificationsRouter = router({
  list: authedProcedure
    .input(
      z.object({ cursor: z.string().uuid().optional(), limit: z.number().int().min(1).max(50).default(20) }),
    )
    .query(({ ctx, input }) => listNotifications(ctx.deps.database.db, ctx.auth.user.id, input)),
  unreadCount: authedProcedure.query(async ({ ctx }) => ({
    count: await unreadCount(ctx.deps.database.db, ctx.auth.user.id),
  })),
  markRead: authedProcedure
    .input(z.object({ ids: z.union([z.array(z.string().uuid()).min(1).max(100), z.literal('all')]) }))
    .mutation(async ({ ctx, input }) => ({
      updated: await markRead(ctx.deps.database.db, ctx.auth.user.id, input.ids),
    })),
});
