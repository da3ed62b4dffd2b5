// The whole API: one router per domain, merged here. `AppRouter` is what clients import for types.
import { healthRouter } from '../domains/health/router';
import { router } from './init';

export const appRouter = router({
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
