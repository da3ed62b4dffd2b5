/**
 * Maps anything thrown inside a procedure (or a plain route) to the platform's error body: one code
 * from shared/, its HTTP status, a message safe to show. A dependency being down, or every database
 * connection busy, is UNAVAILABLE with a Retry-After; any other unexpected error becomes INTERNAL with
 * no internals leaked.
 */
import { TRPCError } from '@trpc/server';
import { isDependencyOutage, isPoolExhausted } from '@style-license/platform/dependency-errors';
import { AppError, ERROR_STATUS, type ErrorBody, type ErrorCode } from '@style-license/shared';
import { ZodError } from 'zod';

/** What clients are told to wait during an outage: about what a database restart or failover takes. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** tRPC's own codes (routing, parsing, limits) expressed in ours. */
const FROM_TRPC: Partial<Record<TRPCError['code'], ErrorCode>> = {
  PARSE_ERROR: 'VALIDATION_FAILED',
  BAD_REQUEST: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'VALIDATION_FAILED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'VALIDATION_FAILED',
  UNPROCESSABLE_CONTENT: 'VALIDATION_FAILED',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  CONFLICT: 'CONFLICT',
  PAYMENT_REQUIRED: 'INSUFFICIENT_CREDITS',
};

/**
 * The AppError that `error` stands for: one a service threw, or UNAVAILABLE when the failure is a
 * dependency outage (database, object store, identity provider unreachable) or overload (database pool
 * exhausted). Undefined for the rest.
 */
export function asAppError(error: unknown): AppError | undefined {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause instanceof AppError) return cause;
  if (isDependencyOutage(cause) || isPoolExhausted(cause)) {
    return new AppError('UNAVAILABLE', 'The service is briefly unavailable; try again shortly', {
      retryAfter: OUTAGE_RETRY_AFTER_SECONDS,
      cause,
    });
  }
  return undefined;
}

/**
 * The warning logged for an UNAVAILABLE answer, so operators can tell an overloaded server (a full
 * database pool: add connections or capacity) from a dependency that is down.
 */
export function unavailableLogMessage(error: unknown): string {
  const cause = error instanceof TRPCError ? error.cause : error;
  return isPoolExhausted(cause) ? 'database pool exhausted' : 'dependency unavailable';
}

export function toErrorBody(error: unknown): ErrorBody {
  const known = asAppError(error);
  if (known) {
    return { code: known.code, httpStatus: known.httpStatus, message: known.message, details: known.details };
  }
  const cause = error instanceof TRPCError ? error.cause : error;
  // Only input validation is the client's fault; a ZodError from `.output()` is our bug (INTERNAL).
  const isInputError = !(error instanceof TRPCError) || error.code === 'BAD_REQUEST';
  if (cause instanceof ZodError && isInputError) {
    return {
      code: 'VALIDATION_FAILED',
      httpStatus: ERROR_STATUS.VALIDATION_FAILED,
      message: 'Input is not valid',
      details: cause.issues.map((i) => ({
        path: i.path.join('.'),
        // A refinement names its own rule (names, tags); every other issue is named by its zod code.
        rule: i.code === 'custom' && typeof i.params?.rule === 'string' ? i.params.rule : i.code,
        message: i.message,
      })),
    };
  }
  const mapped = error instanceof TRPCError ? FROM_TRPC[error.code] : undefined;
  if (mapped && error instanceof TRPCError) {
    return { code: mapped, httpStatus: ERROR_STATUS[mapped], message: error.message };
  }
  return { code: 'INTERNAL', httpStatus: ERROR_STATUS.INTERNAL, message: 'Internal error' };
}

/** Seconds for the Retry-After header, when the error says how long to wait (RATE_LIMITED, UNAVAILABLE). */
export function retryAfterOf(error: unknown): number | undefined {
  return asAppError(error)?.retryAfter;
}
