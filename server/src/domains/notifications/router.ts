// The notifications API: the caller's own, newest first; the unread count; mark some or all read.
import {
  listNotificationsSchema,
  markReadResultSchema,
  markReadSchema,
  notificationPageSchema,
  unreadCountSchema,
} from '@style-license/shared';
import { router } from '../../trpc/init';
import { authedProcedure } from '../../trpc/procedures';
import { listNotifications, markRead, unreadCount } from './service';

export const notificationsRouter = router({
  list: authedProcedure
    .input(listNotificationsSchema)
    .output(notificationPageSchema)
    .query(({ ctx, input }) => listNotifications(ctx.deps.database.db, ctx.auth.user.id, input)),
  unreadCount: authedProcedure.output(unreadCountSchema).query(async ({ ctx }) => ({
    count: await unreadCount(ctx.deps.database.db, ctx.auth.user.id),
  })),
  markRead: authedProcedure
    .input(markReadSchema)
    .output(markReadResultSchema)
    .mutation(async ({ ctx, input }) => ({
      updated: await markRead(ctx.deps.database.db, ctx.auth.user.id, input.ids),
    })),
});
