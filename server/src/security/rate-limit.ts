/**
 * Rate limits with an exact count shared by every server instance: one atomic upsert into
 * `rate_limits` per check (PostgreSQL and PGlite alike). For rare actions that write to the database
 * anyway (sign-in, generation); the per-call API limit counts in memory instead (batched-rate-limit.ts).
 * A window allows `limit` points; the next one opens when it expires.
 */
import { sql } from 'drizzle-orm';
import { AppError } from '@style-license/shared';
import type { Db } from '@style-license/db';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets (what Retry-After says). */
  retryAfter: number;
}

/** The refusal both limiters throw: RATE_LIMITED with the seconds to wait. */
export function rateLimited(retryAfter: number): AppError {
  return new AppError('RATE_LIMITED', 'Too many requests; try again later', { retryAfter });
}

export async function consumeRateLimit(db: Db, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const window = `${rule.windowSeconds} seconds`;
  const result = (await db.execute(sql`
    INSERT INTO rate_limits (key, points, reset_at) VALUES (${key}, 1, now() + ${window}::interval)
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.points + 1 END,
      reset_at = CASE WHEN rate_limits.reset_at <= now() THEN now() + ${window}::interval
                      ELSE rate_limits.reset_at END
    RETURNING points, ceil(extract(epoch FROM reset_at - now()))::int AS retry_after
  `)) as unknown as { rows: { points: number; retry_after: number }[] };
  const row = result.rows[0]!;
  return {
    allowed: row.points <= rule.limit,
    remaining: Math.max(0, rule.limit - row.points),
    retryAfter: Math.max(1, Number(row.retry_after)),
  };
}

/** Throws RATE_LIMITED (with the seconds to wait) when the key is over its limit. */
export async function enforceRateLimit(db: Db, key: string, rule: RateLimitRule): Promise<void> {
  const result = await consumeRateLimit(db, key, rule);
  if (!result.allowed) throw rateLimited(result.retryAfter);
}
