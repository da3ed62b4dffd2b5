/**
 * Times every procedure call (each call of a batch on its own), outermost so that calls refused by the
 * CSRF guard, the rate limit or the input schema are measured too. The label is the procedure's path
 * as tRPC resolved it: only procedures that exist get here, so no caller can invent a label value.
 */
import { middleware } from '../init';

export const procedureMetrics = middleware(async ({ ctx, path, type, next }) => {
  const stop = ctx.req.server.metrics.procedureDuration.startTimer({ procedure: path, type });
  const result = await next();
  stop({ outcome: result.ok ? 'ok' : 'error' });
  return result;
});
