import { healthOutputSchema } from '@style-license/shared';
import { publicProcedure, router } from '../../trpc/init';
import { checkHealth } from './service';

export const healthRouter = router({
  check: publicProcedure.output(healthOutputSchema).query(({ ctx }) => checkHealth(ctx.deps)),
});
