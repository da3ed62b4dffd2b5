/**
 * The three kinds of procedure, mirrored by the web's route guards:
 * - publicProcedure: anyone (sign-in, the public feed, health);
 * - authedProcedure: a signed-in user (ctx.auth is set);
 * - artistProcedure: a signed-in artist.
 * Every one of them is timed (metrics), and applies the CSRF guard to mutations and the per-caller API
 * rate limit.
 */
import { AppError } from '@style-license/shared';
import { baseProcedure, middleware } from './init';
import { csrfGuard } from './middlewares/csrf';
import { procedureMetrics } from './middlewares/metrics';
import { apiRateLimit } from './middlewares/rate-limit';

const requireSession = middleware(({ ctx, next }) => {
  if (!ctx.auth) throw new AppError('UNAUTHORIZED', 'Sign in to continue');
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

const requireArtist = middleware(({ ctx, next }) => {
  if (ctx.auth?.user.role !== 'artist') throw new AppError('FORBIDDEN', 'Only artists can do this');
  return next();
});

export const publicProcedure = baseProcedure.use(procedureMetrics).use(csrfGuard).use(apiRateLimit);
export const authedProcedure = publicProcedure.use(requireSession);
export const artistProcedure = authedProcedure.use(requireArtist);
