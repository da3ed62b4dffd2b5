// Liveness and readiness for orchestrators: /healthz says the process serves HTTP; /readyz says its
// database, queue and object store answer, so traffic should be sent to it. Polled every few seconds,
// so their requests are not logged at info.
import type { FastifyInstance } from 'fastify';
import { probeLogLevel } from '../metrics/http';
import type { ServerDeps } from '../deps';
import { checkHealth } from '../domains/health/service';

export function registerProbes(app: FastifyInstance, deps: ServerDeps): void {
  const logLevel = probeLogLevel(app.log);
  app.get('/healthz', { logLevel }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel }, async (_req, reply) => {
    const health = await checkHealth(deps);
    return reply.code(health.ok ? 200 : 503).send({ status: health.ok ? 'ready' : 'not ready', ...health });
  });
}
