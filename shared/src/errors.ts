/**
 * The closed set of error codes the platform returns, each bound to one HTTP status.
 * Every API error carries exactly one of these, so clients branch on `code`, never on message text.
 */
export const ERROR_STATUS = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  LICENSE_REQUIRED: 403,
  INSUFFICIENT_CREDITS: 402,
  VALIDATION_FAILED: 400,
  /** A body, URL or upload over the size a route accepts. */
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  MODEL_TRAINING_FAILED: 500,
  IMAGE_GENERATION_FAILED: 500,
  INTERNAL: 500,
  /** A dependency (database, queue, object store) is down for now: retry after `retryAfter` seconds. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** Structured detail a client may show, e.g. which field or file broke which rule. */
export interface ErrorDetail {
  path?: string;
  rule?: string;
  message: string;
  /** The value the rule found, when a client acts on it (e.g. the current price after a reprice). */
  value?: string | number;
}

/** The one error type services throw; the API layer maps it to the wire format. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  /** Seconds a client should wait (RATE_LIMITED and UNAVAILABLE). */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }

  get httpStatus(): number {
    return ERROR_STATUS[this.code];
  }
}

/** The JSON body of every non-tRPC HTTP error, and the `data` of every tRPC error. */
export interface ErrorBody {
  code: ErrorCode;
  httpStatus: number;
  message: string;
  details?: ErrorDetail[];
  requestId?: string;
}
