// Where a request's session token comes from: a Bearer header (desktop) or the session cookie (web).
// Only cookie-borne credentials are sent by browsers on their own, so only those need CSRF checks.
import type {} from '@fastify/cookie'; // adds req.cookies
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'sl_session';

export interface Credential {
  via: 'cookie' | 'bearer';
  token: string;
}

export function readCredential(req: FastifyRequest): Credential | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { via: 'bearer', token: header.slice(7).trim() };
  const cookie = req.cookies?.[SESSION_COOKIE];
  return cookie ? { via: 'cookie', token: cookie } : null;
}
