import { meSchema, sessionIdSchema, AppError } from '@style-license/shared';
import { router } from '../../trpc/init';
import { authedProcedure, publicProcedure } from '../../trpc/procedures';
import { clearSessionCookie } from './cookies';
import { deleteAllSessions, deleteSessionByToken, listSessions, revokeSession } from './sessions';

export const authRouter = router({
  /** The signed-in user, or null: the web asks this to decide what to show. */
  me: publicProcedure.output(meSchema.nullable()).query(({ ctx }) => {
    if (!ctx.auth) return null;
    const { id, email, displayName, avatarUrl, locale, role } = ctx.auth.user;
    return { id, email, displayName, avatarUrl, locale, role };
  }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await deleteSessionByToken(ctx.deps.database.db, ctx.credential!.token);
    if (ctx.credential!.via === 'cookie') clearSessionCookie(ctx.res, ctx.deps.config);
    return { ok: true };
  }),

  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const ended = await deleteAllSessions(ctx.deps.database.db, ctx.auth.user.id);
    if (ctx.credential!.via === 'cookie') clearSessionCookie(ctx.res, ctx.deps.config);
    return { ended };
  }),

  /** Signed-in web browsers and desktop apps, so a lost laptop's token can be revoked from the web. */
  sessions: authedProcedure.query(async ({ ctx }) => {
    const rows = await listSessions(ctx.deps.database.db, ctx.auth.user.id);
    return rows.map((row) => ({ ...row, current: row.id === ctx.auth.session.id }));
  }),

  revokeSession: authedProcedure.input(sessionIdSchema).mutation(async ({ ctx, input }) => {
    if (!(await revokeSession(ctx.deps.database.db, ctx.auth.user.id, input.sessionId))) {
      throw new AppError('NOT_FOUND', 'No such session');
    }
    return { ok: true };
  }),
});
