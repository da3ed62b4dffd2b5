/**
 * Builds the HTTP server: security headers, CORS for the configured web origins, request ids,
 * metrics, probes, the tRPC API at /trpc, local file URLs, and the web client. No listening happens here,
 * so tests inject requests or listen on a free port themselves.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { LocalObjectStorage } from '@style-license/platform/storage';
import type { ServerDeps } from './deps';
import { createIdentity } from './domains/auth/identity';
import { registerAuthRoutes } from './domains/auth/routes';
import { registerLicensePage } from './domains/licenses/page';
import { registerDevCheckout } from './domains/payments/dev-checkout';
import { registerStripeWebhook } from './domains/payments/webhook-routes';
import { registerHistoryCsvRoute } from './domains/tokens/csv-route';
import { DEFAULT_BODY_LIMIT, registerJsonParser } from './http/body-limits';
import { clientErrorHandler } from './http/client-errors';
import { closeConnectionsOnClose } from './http/graceful-close';
import { sendError } from './http/error-replies';
import { registerLocalFiles } from './http/local-files';
import { registerProbes } from './http/probes';
import { MAX_TRPC_PATH_LENGTH, registerTrpcRoute } from './http/trpc-route';
import { registerWebClient } from './http/web-client';
import { registerHttpMetrics, registerMetricsRoute } from './metrics/http';
import { createServerMetrics } from './metrics/server-metrics';
import { registerApiRateLimiter } from './trpc/middlewares/rate-limit';
import { appRouter, type AppRouter } from './trpc/router';

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** `given` (an `x-request-id` header) when it is sane, else a new id. */
function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

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
    // The field the worker logs a job's request id under too (platform/src/logger.ts): one search finds both.
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Honour a caller's request id (from a proxy or the desktop) when it is sane, else make one.
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    // A request Node's parser refuses (headers over 16 KiB, not HTTP, too slow) reaches no route or hook:
    // answered in our error body all the same, under an id of its own (its headers were never parsed).
    clientErrorHandler: clientErrorHandler(deps.logger, () => requestIdOf(undefined)),
    // Plain routes take small bodies; the API sets each procedure's own (http/body-limits.ts).
    bodyLimit: DEFAULT_BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_TRPC_PATH_LENGTH },
    trustProxy: trustProxySetting(deps.config.TRUST_PROXY),
    // A URL Fastify cannot route (bad escape, a parameter over the limit) is answered like any error.
    frameworkErrors: (error, request, reply) => sendError(request, reply, error),
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  closeConnectionsOnClose(app);
  // A server process passes its own (start.ts); an app built alone (tests, benchmarks) gets a fresh one.
  registerHttpMetrics(app, deps.metrics ?? createServerMetrics({ database: deps.database }));

  // The web client shows images from, and uploads training images to, the object store's signed links:
  // on AWS those are https, but an S3-compatible endpoint may be plain http (a private MinIO, tests).
  const storeOrigin = deps.config.S3_ENDPOINT ? [new URL(deps.config.S3_ENDPOINT).origin] : [];
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'img-src': ["'self'", 'data:', 'blob:', 'https:', ...storeOrigin],
        'connect-src': ["'self'", 'https:', ...storeOrigin],
        // Over plain http (development) upgrading would break every request to the local server.
        'upgrade-insecure-requests': deps.config.NODE_ENV === 'production' ? [] : null,
      },
    },
  });
  // Only a listed web origin gets CORS headers at all: to any other, credentials are not offered either.
  const corsOrigins = deps.config.WEB_ORIGIN;
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && corsOrigins.includes(origin)),
    credentials: true,
  });
  await app.register(cookie);
  registerJsonParser(app);
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));

  registerProbes(app, deps);
  registerMetricsRoute(app, deps.config.METRICS_TOKEN);

  const identity = createIdentity(deps.config);
  if (identity.devProvider) await identity.devProvider.register(app);
  registerAuthRoutes(app, deps, identity);
  registerLicensePage(app, deps);
  await registerStripeWebhook(app, deps);
  await registerDevCheckout(app, deps);
  registerHistoryCsvRoute(app, deps);

  registerApiRateLimiter(app, deps);
  await registerTrpcRoute(app, deps, options.router ?? appRouter);

  if (deps.storage.kind === 'local') await registerLocalFiles(app, deps.storage as LocalObjectStorage);
  await registerWebClient(app, deps.config.WEB_DIST_DIR);
  return app;
}
