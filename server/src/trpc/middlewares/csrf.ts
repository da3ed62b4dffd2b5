/**
 * CSRF defence for cookie-authenticated mutations: the request must carry a custom header (a
 * cross-site form or simple request cannot send one without a CORS preflight, which other origins
 * fail) and, when the browser names its Origin, that origin must be ours. Queries change nothing,
 * and Bearer requests carry no ambient credentials, so neither is checked. Over HTTP the same rule
 * runs first on every POST, before the body is read (http/trpc-route.ts), so a cross-site form gets
 * FORBIDDEN whatever its content type; this middleware keeps it a property of every mutation.
 */
import { AppError } from '@style-license/shared';
import type { IncomingHttpHeaders } from 'node:http';
import type { ServerConfig } from '../../config';
import { middleware } from '../init';

export const CSRF_HEADER = 'x-style-license-csrf';

/** The origins a mutation may come from: the server's own and the configured web clients'. */
export function trustedOrigins(config: Pick<ServerConfig, 'PUBLIC_URL' | 'WEB_ORIGIN'>): string[] {
  return [new URL(config.PUBLIC_URL).origin, ...config.WEB_ORIGIN];
}

export function assertSameOrigin(headers: IncomingHttpHeaders, allowedOrigins: string[]): void {
  if (headers[CSRF_HEADER] !== '1') {
    throw new AppError('FORBIDDEN', `Missing ${CSRF_HEADER} header`);
  }
  const origin = headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    throw new AppError('FORBIDDEN', 'Cross-origin request refused');
  }
  if (headers['sec-fetch-site'] === 'cross-site') {
    throw new AppError('FORBIDDEN', 'Cross-site request refused');
  }
}

export const csrfGuard = middleware(({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.credential?.via !== 'bearer') {
    assertSameOrigin(ctx.req.headers, trustedOrigins(ctx.deps.config));
  }
  return next();
});
