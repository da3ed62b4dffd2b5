/**
 * Builds the HTTP server: security headers, CORS for the configured web origins, request ids,
 * probes, the tRPC API at /trpc, local file URLs, and the web client. No listening happens here,
 * so tests inject requests or listen on a free port themselves.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { LocalObjectStorage } from '@style-license/platform/storage';
import { AppError } from '@style-license/shared';
import type { ServerDeps } from './deps';
import { createIdentity } from './domains/auth/identity';
import { registerAuthRoutes } from './domains/auth/routes';
import { registerLicensePage } from './domains/licenses/page';
import { registerDevCheckout } from './domains/payments/dev-checkout';
import { registerStripeWebhook } from './domains/payments/webhook-routes';
import { registerHistoryCsvRoute } from './domains/tokens/csv-route';
import { registerLocalFiles } from './http/local-files';
import { registerProbes } from './http/probes';
import { registerWebClient } from './http/web-client';
import { contextFactory } from './trpc/context';
import { toErrorBody } from './trpc/errors';
import { appRouter, type AppRouter } from './trpc/router';

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** A hop count becomes "trust the first n hops"; a list names the proxies to trust. */
function trustProxySetting(value: number | false | string[]) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

export interface BuildOptions {
  /** Replaces the API router (tests mount procedures that fail on purpose). */
  router?: AppRouter;
}

export async function buildApp(deps: ServerDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Honour a caller's request id (from a proxy or the desktop) when it is sane, else make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Signature uploads travel as base64 in JSON: 2 MB of image is about 2.8 MB of body.
    bodyLimit: 3 * 1024 * 1024,
    trustProxy: trustProxySetting(deps.config.TRUST_PROXY),
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'connect-src': ["'self'", 'https:'],
        // Over plain http (development) upgrading would break every request to the local server.
        'upgrade-insecure-requests': deps.config.NODE_ENV === 'production' ? [] : null,
      },
    },
  });
  await app.register(cors, { origin: deps.config.WEB_ORIGIN, credentials: true });
  await app.register(cookie);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toErrorBody(error);
    const status = error.statusCode;
    if (body.code === 'INTERNAL' && status && status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, too large): report them as the client's fault.
      return reply.code(400).send({ code: 'VALIDATION_FAILED', httpStatus: 400, message: error.message });
    }
    if (body.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
    const retryAfter = error instanceof AppError ? error.retryAfter : undefined;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.code(body.httpStatus).send({ ...body, requestId: request.id });
  });

  registerProbes(app, deps);

  const identity = createIdentity(deps.config);
  if (identity.devProvider) await identity.devProvider.register(app);
  registerAuthRoutes(app, deps, identity);
  registerLicensePage(app, deps);
  await registerStripeWebhook(app, deps);
  await registerDevCheckout(app, deps);
  registerHistoryCsvRoute(app, deps);

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: options.router ?? appRouter,
      createContext: contextFactory(deps),
      onError({ error, ctx, path }) {
        const body = toErrorBody(error);
        const log = ctx?.log ?? deps.logger;
        // Expected errors are the API working as designed; only the unexpected ones need a stack.
        if (body.code === 'INTERNAL') log.error({ err: error.cause ?? error, path }, 'procedure failed');
        else log.info({ code: body.code, path }, 'procedure refused');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  if (deps.storage.kind === 'local') await registerLocalFiles(app, deps.storage as LocalObjectStorage);
  await registerWebClient(app, deps.config.WEB_DIST_DIR);
  return app;
}
