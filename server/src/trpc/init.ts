/**
 * tRPC setup: the error formatter that puts our error body in every error's `data` (its httpStatus is
 * what the adapter answers with). Procedure builders with their guards live in procedures.ts.
 */
import { initTRPC } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { ErrorBody } from '@style-license/shared';
import type { Context } from './context';
import { toErrorBody } from './errors';

/** JSON-RPC code to put beside our code, so tRPC clients' own error handling stays consistent. */
function jsonRpcCode(httpStatus: number): number {
  const byStatus: Record<number, keyof typeof TRPC_ERROR_CODES_BY_KEY> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    402: 'PAYMENT_REQUIRED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    429: 'TOO_MANY_REQUESTS',
    503: 'SERVICE_UNAVAILABLE',
  };
  return TRPC_ERROR_CODES_BY_KEY[byStatus[httpStatus] ?? 'INTERNAL_SERVER_ERROR'];
}

/** A tRPC error's shape around our body; plain HTTP replies under /trpc use it too (see http/error-replies). */
export function trpcErrorShape(body: ErrorBody, path: string | undefined, requestId: string | undefined) {
  return {
    code: jsonRpcCode(body.httpStatus),
    message: body.message,
    data: { ...body, path, requestId },
  };
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    return trpcErrorShape(toErrorBody(error), shape.data.path, ctx?.requestId);
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
export const baseProcedure = t.procedure;
