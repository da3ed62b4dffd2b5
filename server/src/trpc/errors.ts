/**
 * Maps anything thrown inside a procedure to the platform's error body: one code from shared/, its
 * HTTP status, a message safe to show. Unexpected errors become INTERNAL with no internals leaked.
 */
import { TRPCError } from '@trpc/server';
import { AppError, ERROR_STATUS, type ErrorBody, type ErrorCode } from '@style-license/shared';
import { ZodError } from 'zod';

/** tRPC's own codes (routing, parsing, limits) expressed in ours. */
const FROM_TRPC: Partial<Record<TRPCError['code'], ErrorCode>> = {
  PARSE_ERROR: 'VALIDATION_FAILED',
  BAD_REQUEST: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'VALIDATION_FAILED',
  PAYLOAD_TOO_LARGE: 'VALIDATION_FAILED',
  UNSUPPORTED_MEDIA_TYPE: 'VALIDATION_FAILED',
  UNPROCESSABLE_CONTENT: 'VALIDATION_FAILED',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  CONFLICT: 'CONFLICT',
  PAYMENT_REQUIRED: 'INSUFFICIENT_CREDITS',
};

export function toErrorBody(error: unknown): ErrorBody {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause instanceof AppError) {
    return { code: cause.code, httpStatus: cause.httpStatus, message: cause.message, details: cause.details };
  }
  // Only input validation is the client's fault; a ZodError from `.output()` is our bug (INTERNAL).
  const isInputError = !(error instanceof TRPCError) || error.code === 'BAD_REQUEST';
  if (cause instanceof ZodError && isInputError) {
    return {
      code: 'VALIDATION_FAILED',
      httpStatus: ERROR_STATUS.VALIDATION_FAILED,
      message: 'Input is not valid',
      details: cause.issues.map((i) => ({ path: i.path.join('.'), rule: i.code, message: i.message })),
    };
  }
  const mapped = error instanceof TRPCError ? FROM_TRPC[error.code] : undefined;
  if (mapped && error instanceof TRPCError) {
    return { code: mapped, httpStatus: ERROR_STATUS[mapped], message: error.message };
  }
  return { code: 'INTERNAL', httpStatus: ERROR_STATUS.INTERNAL, message: 'Internal error' };
}
