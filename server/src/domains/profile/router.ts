// The profile API: the signed-in user reads and edits their own name, avatar and language.
import { profileSchema, updateProfileSchema } from '@style-license/shared';
import { router } from '../../trpc/init';
import { authedProcedure } from '../../trpc/procedures';
import { getProfile, updateProfile } from './service';

export const profileRouter = router({
  get: authedProcedure
    .output(profileSchema)
    .query(({ ctx }) => getProfile(ctx.deps.database.db, ctx.auth.user.id)),

  update: authedProcedure
    .input(updateProfileSchema)
    .output(profileSchema)
    .mutation(({ ctx, input }) => updateProfile(ctx.deps.database.db, ctx.auth.user.id, input)),
});
