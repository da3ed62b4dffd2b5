/**
 * tRPC setup: the error formatter that puts our error body in every error's `data` (its httpStatus is
 * what the adapter answers with). Procedure builders with their guards live in procedures.ts.
 */
import { initTRPC } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
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
    429: 'TOO_MANY_REQUESTS',
  };
  return TRPC_ERROR_CODES_BY_KEY[byStatus[httpStatus] ?? 'INTERNAL_SERVER_ERROR'];
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    const body = toErrorBody(error);
    return {
      code: jsonRpcCode(body.httpStatus),
      message: body.message,
      data: { ...body, path: shape.data.path, requestId: ctx?.requestId },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
export const baseProcedure = t.procedure;
