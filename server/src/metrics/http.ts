/**
 * The server's metrics over HTTP: every request's latency by route pattern, and GET /metrics for
 * Prometheus, served only with METRICS_TOKEN set and only to a scraper presenting it as a bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, LogLevel } from 'fastify';
import { AppError } from '@style-license/shared';
import { isApiPath } from '../http/web-client';
import type { ServerMetrics } from './server-metrics';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's metrics (the process's, under start.ts); procedures and hooks count into them. */
    metrics: ServerMetrics;
  }
}

/**
 * The level for routes probed every few seconds (health, readiness, scrapes): their requests are not
 * logged at info or below, yet their warnings and errors are, and a quieter configured level still wins.
 */
export function probeLogLevel(logger: Pick<FastifyBaseLogger, 'level'>): LogLevel {
  const quieter = ['warn', 'error', 'fatal', 'silent'];
  return (quieter.includes(logger.level) ? logger.level : 'warn') as LogLevel;
}

/** SHA-256 first, so the comparison takes the same time whatever the length of what was sent. */
const digest = (value: string) => createHash('sha256').update(value).digest();

export function registerHttpMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  app.decorate('metrics', metrics);
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, never the URL (ids, queries); the web client's hundreds of files are one label.
    const pattern = request.routeOptions.url;
    const route = pattern === undefined ? 'unmatched' : isApiPath(pattern) ? pattern : 'web';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}

/**
 * The metrics tell business facts (sales and refunds, error rates, backlog), so they are never public:
 * a bearer token rather than a second listening port, because a token works the same behind any proxy
 * or load balancer and needs no extra port opened, mapped and firewalled per replica. Without a token
 * the route does not exist in any environment (404, never the web page).
 */
export function registerMetricsRoute(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  const expected = digest(`Bearer ${token}`);
  app.get('/metrics', { logLevel: probeLogLevel(app.log) }, async (request, reply) => {
    const sent = digest(request.headers.authorization ?? '');
    if (!timingSafeEqual(sent, expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHORIZED', 'Metrics need the metrics token');
    }
    reply.header('content-type', app.metrics.registry.contentType);
    return app.metrics.registry.metrics();
  });
}
