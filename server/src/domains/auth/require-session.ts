/**
 * The session of a plain (non-tRPC) route's request: a Bearer header (desktop) or the session cookie
 * (web), as tRPC's context reads it. No valid session is an UNAUTHORIZED AppError, which the error
 * handler answers as a 401 in the API's error body.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '@style-license/shared';
import type { Db } from '@style-license/db';
import { readCredential } from './credentials';
import { resolveSession, type ActiveSession } from './sessions';

export async function requireSession(
  db: Db,
  request: FastifyRequest,
  message = 'Sign in to continue',
): Promise<ActiveSession> {
  const credential = readCredential(request);
  const auth = credential ? await resolveSession(db, credential.token) : null;
  if (!auth) throw new AppError('UNAUTHORIZED', message);
  return auth;
}
