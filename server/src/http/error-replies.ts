/**
 * The one way an error leaves a plain route, a hook or Fastify itself (bad URL, body too large): our
 * error body with its status, Retry-After when it says how long to wait, and under /trpc wrapped as tRPC
 * clients expect (an `{ error }` object, an array of them for a batch) and counted in the metrics.
 * Unexpected errors are logged.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@style-license/shared';
import { retryAfterOf, toErrorBody, unavailableLogMessage } from '../trpc/errors';
import { trpcErrorShape } from '../trpc/init';

/** Fastify's own client errors (its `statusCode`), in our codes: size limits are 413, the rest 400. */
function fromFastifyStatus(status: number | undefined): ErrorCode | undefined {
  if (status === 413 || status === 414) return 'PAYLOAD_TOO_LARGE';
  if (status !== undefined && status >= 400 && status < 500) return 'VALIDATION_FAILED';
  return undefined;
}

function bodyOf(error: unknown): ErrorBody {
  const body = toErrorBody(error);
  if (body.code !== 'INTERNAL') return body;
  const status = (error as { statusCode?: number } | null)?.statusCode;
  const code = fromFastifyStatus(status);
  // Fastify's 414 message repeats the whole URL: not worth sending back once per batched call.
  const message =
    status === 414 ? 'The request URL is too long' : error instanceof Error ? error.message : 'Bad request';
  return code ? { code, httpStatus: ERROR_STATUS[code], message } : body;
}

/** `/trpc/a.b,c.d?batch=1` → the procedure paths, so a batch gets one error per call. */
function trpcCalls(request: FastifyRequest): { paths: string[]; batch: boolean } | undefined {
  const url = request.url;
  if (!url.startsWith('/trpc/')) return undefined;
  const [pathPart = '', query = ''] = url.slice('/trpc/'.length).split('?', 2);
  const batch = new URLSearchParams(query).get('batch') === '1';
  let paths: string[];
  try {
    paths = decodeURIComponent(pathPart).split(',');
  } catch {
    paths = [pathPart];
  }
  return { paths, batch };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const body = bodyOf(error);
  if (body.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error');
  else if (body.code === 'UNAVAILABLE') request.log.warn({ err: error }, unavailableLogMessage(error));
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  // Framework errors (a bad URL) come before the onRequest hooks that set this.
  reply.header('x-request-id', request.id);
  reply.code(body.httpStatus);
  const trpc = trpcCalls(request);
  if (!trpc) return reply.send({ ...body, requestId: request.id });
  // Refused before tRPC ran (CSRF, size, a bad URL): counted as tRPC's own errors are (trpc-route.ts).
  request.server.metrics.countTrpcErrors(body.code, trpc.paths.length);
  const shapes = trpc.paths.map((path) => ({ error: trpcErrorShape(body, path, request.id) }));
  return reply.send(trpc.batch ? shapes : shapes[0]);
}
