/**
 * Per-caller rate limits for procedures, counted per procedure call (tRPC batches several calls into
 * one HTTP request, so counting requests would undercount). Signed-in callers are counted per user,
 * anonymous ones per client IP. Over the limit: RATE_LIMITED with Retry-After.
 */
import { enforceRateLimit, type RateLimitRule } from '../../security/rate-limit';
import type { Context } from '../context';
import { middleware } from '../init';

function callerKey(ctx: Context): string {
  return ctx.auth ? `user:${ctx.auth.user.id}` : `ip:${ctx.req.ip}`;
}

export function rateLimit(bucket: string, rule: (ctx: Context) => RateLimitRule) {
  // Over the limit it throws RATE_LIMITED with retryAfter; the route turns that into the header.
  return middleware(async ({ ctx, next }) => {
    await enforceRateLimit(ctx.deps.database.db, `${bucket}:${callerKey(ctx)}`, rule(ctx));
    return next();
  });
}

/** Every API call: API_RATE_LIMIT per API_RATE_WINDOW_SECONDS. */
export const apiRateLimit = rateLimit('api', ({ deps }) => ({
  limit: deps.config.API_RATE_LIMIT,
  windowSeconds: deps.config.API_RATE_WINDOW_SECONDS,
}));

/** Image generation on top of the general limit: GENERATION_RATE_LIMIT per minute. */
export const generationRateLimit = rateLimit('generation', ({ deps }) => ({
  limit: deps.config.GENERATION_RATE_LIMIT,
  windowSeconds: 60,
}));
