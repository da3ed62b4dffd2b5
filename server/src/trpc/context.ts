import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { ServerDeps } from '../deps';

/** Per-request context: the server's dependencies, the request id, and a logger that carries it. */
export function contextFactory(deps: ServerDeps) {
  return ({ req, res }: CreateFastifyContextOptions) => ({
    deps,
    req,
    res,
    requestId: String(req.id),
    log: req.log,
  });
}

export type Context = Awaited<ReturnType<ReturnType<typeof contextFactory>>>;
