/**
 * The sign-in endpoints browsers navigate to (they redirect, so they are plain HTTP, not tRPC):
 * /auth/signin and /auth/desktop/start begin a flow (rate limited per IP), /auth/callback completes
 * it, /auth/desktop/token turns a desktop one-time code into a Bearer token. Refusals are logged at warn.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, parseInput } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { enforceRateLimit } from '../../security/rate-limit';
import { setSessionCookie } from './cookies';
import { desktopStartSchema, desktopTokenSchema, exchangeDesktopCode, issueDesktopCode } from './desktop';
import { completeSignIn, startSignIn } from './flows';
import { CALLBACK_PATH, type Identity } from './identity';
import { safeReturnPath } from './return-to';
import { createSession } from './sessions';

const FLOW_COOKIE = 'sl_auth_flow';

const parse = <T>(schema: z.ZodType<T>, value: unknown): T =>
  parseInput(schema, value, 'Invalid sign-in request');

/** Runs a step and logs a refusal at warn with its rule, then lets the error handler answer. */
async function warnOnRefusal<T>(request: FastifyRequest, what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AppError)
      request.log.warn({ code: error.code, details: error.details }, `${what} refused`);
    throw error;
  }
}

export function registerAuthRoutes(app: FastifyInstance, deps: ServerDeps, identity: Identity): void {
  const { db } = deps.database;
  const { config } = deps;
  const production = config.NODE_ENV === 'production';

  const limitSignIn = (request: FastifyRequest) =>
    enforceRateLimit(db, `signin:ip:${request.ip}`, {
      limit: config.SIGNIN_RATE_LIMIT,
      windowSeconds: config.SIGNIN_RATE_WINDOW_SECONDS,
    });

  const begin = async (reply: FastifyReply, input: Parameters<typeof startSignIn>[2]) => {
    const { authorizationUrl, bindingToken } = await startSignIn(db, identity.oidc, input);
    reply.setCookie(FLOW_COOKIE, bindingToken, {
      path: '/auth',
      httpOnly: true,
      // Lax still travels on the provider's top-level redirect back to us, and nowhere cross-site else.
      sameSite: 'lax',
      secure: production,
      maxAge: 600,
    });
    return reply.redirect(authorizationUrl.href);
  };

  app.get('/auth/signin', async (request, reply) =>
    warnOnRefusal(request, 'sign-in', async () => {
      // Cookies are per host: a flow started on `localhost` could not finish on the 127.0.0.1 callback.
      const publicHost = new URL(config.PUBLIC_URL).host;
      if (request.headers.host !== publicHost)
        return reply.redirect(new URL(request.url, config.PUBLIC_URL).href);
      await limitSignIn(request);
      const { returnTo } = (request.query ?? {}) as { returnTo?: unknown };
      return begin(reply, { kind: 'web', returnTo: safeReturnPath(returnTo, config.PUBLIC_URL) });
    }),
  );

  app.get('/auth/desktop/start', async (request, reply) =>
    warnOnRefusal(request, 'desktop sign-in', async () => {
      await limitSignIn(request);
      const query = parse(desktopStartSchema, request.query);
      return begin(reply, {
        kind: 'desktop',
        desktop: { challenge: query.code_challenge, redirectUri: query.redirect_uri, appState: query.state },
      });
    }),
  );

  app.get(CALLBACK_PATH, async (request, reply) =>
    warnOnRefusal(request, 'sign-in callback', async () => {
      const callbackUrl = new URL(request.url, config.PUBLIC_URL);
      const { flow, user } = await completeSignIn(db, identity.oidc, {
        callbackUrl,
        bindingToken: request.cookies[FLOW_COOKIE],
      });
      reply.clearCookie(FLOW_COOKIE, { path: '/auth' });
      if (flow.kind === 'desktop') {
        const target = await issueDesktopCode(db, {
          userId: user.id,
          challenge: flow.desktopChallenge!,
          redirectUri: flow.desktopRedirectUri!,
          appState: flow.desktopState!,
        });
        return reply.redirect(target.href);
      }
      const { token } = await createSession(db, {
        userId: user.id,
        kind: 'web',
        ttlDays: config.SESSION_TTL_DAYS,
      });
      setSessionCookie(reply, config, token);
      request.log.info({ userId: user.id }, 'signed in');
      // Checked again: a flow stored before a rule was tightened must not redirect by the old one.
      return reply.redirect(safeReturnPath(flow.returnTo, config.PUBLIC_URL));
    }),
  );

  app.post('/auth/desktop/token', async (request) =>
    warnOnRefusal(request, 'desktop token exchange', async () => {
      const input = parse(desktopTokenSchema, request.body);
      const { token, expiresAt } = await exchangeDesktopCode(db, input, config.SESSION_TTL_DAYS);
      return { token_type: 'Bearer', access_token: token, expires_at: expiresAt.toISOString() };
    }),
  );
}
