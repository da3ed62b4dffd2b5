/**
 * Mounts the API at /trpc/:path on a route of its own, so the checks that must precede reading the body
 * run first, in this order: the CSRF rule for every POST not sent with a Bearer header (a cross-site
 * form gets FORBIDDEN whatever its content type), the size each procedure needs, the JSON depth.
 * Only JSON bodies are accepted; tRPC parses them. Errors with a wait (RATE_LIMITED, UNAVAILABLE) get
 * Retry-After.
 */
import { fastifyRequestHandler, type FastifyHandlerOptions } from '@trpc/server/adapters/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerDeps } from '../deps';
import { readCredential } from '../domains/auth/credentials';
import { contextFactory } from '../trpc/context';
import { retryAfterOf, toErrorBody, unavailableLogMessage } from '../trpc/errors';
import { assertSameOrigin, trustedOrigins } from '../trpc/middlewares/csrf';
import type { AppRouter } from '../trpc/router';
import {
  LARGEST_BODY_LIMIT,
  apiBodyLimit,
  assertDeclaredLength,
  assertJsonDepth,
  payloadTooLarge,
} from './body-limits';

/** Longest `a.b,c.d` batch path: Fastify's default of 100 characters refused batches of five calls. */
export const MAX_TRPC_PATH_LENGTH = 1000;

const pathOf = (request: FastifyRequest) => (request.params as { path: string }).path;

export async function registerTrpcRoute(
  app: FastifyInstance,
  deps: ServerDeps,
  router: AppRouter,
): Promise<void> {
  const origins = trustedOrigins(deps.config);
  const options: FastifyHandlerOptions<AppRouter, FastifyRequest, FastifyReply> = {
    router,
    createContext: contextFactory(deps),
    onError({ error, ctx, path }) {
      const body = toErrorBody(error);
      const log = ctx?.log ?? deps.logger;
      app.metrics.countTrpcErrors(body.code);
      // Expected errors are the API working as designed; only the unexpected ones need a stack.
      if (body.code === 'INTERNAL') log.error({ err: error.cause ?? error, path }, 'procedure failed');
      else if (body.code === 'UNAVAILABLE')
        log.warn({ err: error.cause, path }, unavailableLogMessage(error));
      else log.info({ code: body.code, path }, 'procedure refused');
    },
    responseMeta({ errors }) {
      const waits = errors.map(retryAfterOf).filter((s): s is number => s !== undefined);
      return waits.length > 0 ? { headers: { 'retry-after': String(Math.max(...waits)) } } : {};
    },
  };

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      try {
        const limit = apiBodyLimit(pathOf(request));
        if (Buffer.byteLength(body as string) > limit) throw payloadTooLarge(limit);
        assertJsonDepth(body as string);
        done(null, body);
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    scope.addHook('onRequest', async (request) => {
      if (request.method !== 'POST') return;
      if (readCredential(request)?.via !== 'bearer') assertSameOrigin(request.headers, origins);
      assertDeclaredLength(request.headers['content-length'], apiBodyLimit(pathOf(request)));
    });
    scope.route({
      method: ['GET', 'POST'],
      url: '/trpc/:path',
      // The largest any procedure takes; each request is held to its own procedures' limit above.
      bodyLimit: LARGEST_BODY_LIMIT,
      handler: (request, reply) =>
        fastifyRequestHandler({ ...options, req: request, res: reply, path: pathOf(request) }),
    });
  });
}
