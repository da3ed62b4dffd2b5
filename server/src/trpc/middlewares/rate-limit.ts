/**
 * Per-caller rate limits for procedures, counted per procedure call (tRPC batches several calls into
 * one HTTP request, so counting requests would undercount). Signed-in callers are counted per user,
 * anonymous ones per client IP. Over the limit: RATE_LIMITED with Retry-After.
 * The limit on every call counts in memory and is shared in batches (security/batched-rate-limit.ts);
 * the generation limit is exact, one write per call, since creating a generation writes a charge anyway.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../deps';
import { createBatchedRateLimiter, type BatchedRateLimiter } from '../../security/batched-rate-limit';
import { enforceRateLimit } from '../../security/rate-limit';
import type { Context } from '../context';
import { middleware } from '../init';

declare module 'fastify' {
  interface FastifyInstance {
    /** The API limit's counters: one set per app, started with it and stopped when it closes. */
    apiRateLimiter: BatchedRateLimiter;
  }
}

/** Starts the API limit's counters with the app; closing the app shares their last counts. */
export function registerApiRateLimiter(app: FastifyInstance, deps: ServerDeps): void {
  const limiter = createBatchedRateLimiter({
    db: deps.database.db,
    logger: deps.logger,
    syncMs: deps.config.API_RATE_SYNC_MS,
  });
  app.decorate('apiRateLimiter', limiter);
  // The app closes before the database does (start.ts, tests), so this last write finds the pool open.
  app.addHook('onClose', () => limiter.stop());
}

function callerKey(ctx: Context): string {
  return ctx.auth ? `user:${ctx.auth.user.id}` : `ip:${ctx.req.ip}`;
}

/** Every API call: API_RATE_LIMIT per API_RATE_WINDOW_SECONDS. Throws RATE_LIMITED with retryAfter. */
export const apiRateLimit = middleware(({ ctx, next }) => {
  ctx.req.server.apiRateLimiter.enforce(`api:${callerKey(ctx)}`, {
    limit: ctx.deps.config.API_RATE_LIMIT,
    windowSeconds: ctx.deps.config.API_RATE_WINDOW_SECONDS,
  });
  return next();
});

/** Image generation on top of the general limit: GENERATION_RATE_LIMIT per minute. */
export const generationRateLimit = middleware(async ({ ctx, next }) => {
  await enforceRateLimit(ctx.deps.database.db, `generation:${callerKey(ctx)}`, {
    limit: ctx.deps.config.GENERATION_RATE_LIMIT,
    windowSeconds: 60,
  });
  return next();
});

/** Comments on top of the general limit: COMMENT_RATE_LIMIT per minute, exact like the generation limit. */
export const commentRateLimit = middleware(async ({ ctx, next }) => {
  await enforceRateLimit(ctx.deps.database.db, `comment:${callerKey(ctx)}`, {
    limit: ctx.deps.config.COMMENT_RATE_LIMIT,
    windowSeconds: 60,
  });
  return next();
});
