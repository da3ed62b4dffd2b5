import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { ServerDeps } from '../deps';
import { readCredential } from '../domains/auth/credentials';
import { resolveSession } from '../domains/auth/sessions';

/**
 * Per-request context: the server's dependencies, the request id with a logger that carries it, and
 * the signed-in user's session when the request presents a valid one (null otherwise).
 */
export function contextFactory(deps: ServerDeps) {
  return async ({ req, res }: CreateFastifyContextOptions) => {
    const credential = readCredential(req);
    const auth = credential ? await resolveSession(deps.database.db, credential.token) : null;
    return { deps, req, res, requestId: String(req.id), log: req.log, credential, auth };
  };
}

export type Context = Awaited<ReturnType<ReturnType<typeof contextFactory>>>;
