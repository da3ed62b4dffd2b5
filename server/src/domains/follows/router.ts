// The follows API: follow and unfollow an artist (idempotent), and the artists I follow.
import {
  artistIdSchema,
  followStateSchema,
  followingPageSchema,
  listFollowingSchema,
} from '@style-license/shared';
import { router } from '../../trpc/init';
import { authedProcedure } from '../../trpc/procedures';
import { followArtist, listFollowing, unfollowArtist } from './service';

export const followsRouter = router({
  add: authedProcedure
    .input(artistIdSchema)
    .output(followStateSchema)
    .mutation(({ ctx, input }) => followArtist(ctx.deps.database.db, ctx.auth.user.id, input.artistId)),
  remove: authedProcedure
    .input(artistIdSchema)
    .output(followStateSchema)
    .mutation(({ ctx, input }) => unfollowArtist(ctx.deps.database.db, ctx.auth.user.id, input.artistId)),
  mine: authedProcedure
    .input(listFollowingSchema)
    .output(followingPageSchema)
    .query(({ ctx, input }) => listFollowing(ctx.deps.database.db, ctx.auth.user.id, input)),
});
