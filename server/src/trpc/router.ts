// The whole API: one router per domain, merged here. `AppRouter` is what clients import for types.
import { authRouter } from '../domains/auth/router';
import { healthRouter } from '../domains/health/router';
import { router } from './init';

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
});

export type AppRouter = typeof appRouter;
