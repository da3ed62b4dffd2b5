// The session cookie: HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site
// sub-requests), Secure in production, lifetime equal to the session's.
import type { FastifyReply } from 'fastify';
import type { ServerConfig } from '../../config';
import { SESSION_COOKIE } from './credentials';

type CookieConfig = Pick<ServerConfig, 'NODE_ENV' | 'SESSION_TTL_DAYS'>;

function options(config: CookieConfig) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.NODE_ENV === 'production',
  };
}

export function setSessionCookie(reply: FastifyReply, config: CookieConfig, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { ...options(config), maxAge: config.SESSION_TTL_DAYS * 86_400 });
}

export function clearSessionCookie(reply: FastifyReply, config: CookieConfig): void {
  reply.clearCookie(SESSION_COOKIE, options(config));
}
