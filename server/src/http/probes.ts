// Liveness and readiness for orchestrators: /healthz says the process serves HTTP; /readyz says its
// database, queue and object store answer, so traffic should be sent to it.
import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps';
import { checkHealth } from '../domains/health/service';

export function registerProbes(app: FastifyInstance, deps: ServerDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const health = await checkHealth(deps);
    return reply.code(health.ok ? 200 : 503).send({ status: health.ok ? 'ready' : 'not ready', ...health });
  });
}
