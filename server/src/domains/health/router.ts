import { healthOutputSchema } from '@style-license/shared';
import { router } from '../../trpc/init';
import { publicProcedure } from '../../trpc/procedures';
import { checkHealth } from './service';

export const healthRouter = router({
  check: publicProcedure.output(healthOutputSchema).query(({ ctx }) => checkHealth(ctx.deps)),
});
