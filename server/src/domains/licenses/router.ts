import { verifyLicenseSchema } from '@style-license/shared';
import { router } from '../../trpc/init';
import { publicProcedure } from '../../trpc/procedures';
import { verifyLicense } from './service';

export const licensesRouter = router({
  /** Public: anyone holding a file or a license id can check it. */
  verify: publicProcedure
    .input(verifyLicenseSchema)
    .mutation(({ ctx, input }) => verifyLicense(ctx.deps, input)),
});
