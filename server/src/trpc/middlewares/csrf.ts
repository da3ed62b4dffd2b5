/**
 * CSRF defence for cookie-authenticated mutations: the request must carry a custom header (a
 * cross-site form or simple request cannot send one without a CORS preflight, which other origins
 * fail) and, when the browser names its Origin, that origin must be ours. Queries change nothing,
 * and Bearer requests carry no ambient credentials, so neither is checked.
 */
import { AppError } from '@style-license/shared';
import type { IncomingHttpHeaders } from 'node:http';
import { middleware } from '../init';

export const CSRF_HEADER = 'x-style-license-csrf';

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
    const { PUBLIC_URL, WEB_ORIGIN } = ctx.deps.config;
    assertSameOrigin(ctx.req.headers, [new URL(PUBLIC_URL).origin, ...WEB_ORIGIN]);
  }
  return next();
});
