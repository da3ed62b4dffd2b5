/**
 * Input checked at a function boundary, refused the platform's one way: an AppError VALIDATION_FAILED
 * whose details name each broken field and rule. Used where no tRPC layer does it for us (plain HTTP
 * routes, the desktop studio's core).
 */
import type { z } from 'zod';
import { AppError, type ErrorDetail } from './errors';

/** At most this many issues travel in an error's details: enough to show, bounded for huge inputs. */
const MAX_DETAILS = 20;

/** Zod issues as ErrorDetails; a refinement that names its own `rule` param keeps that name. */
export function issueDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, MAX_DETAILS).map((issue) => ({
    path: issue.path.join('.'),
    rule: issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code,
    message: issue.message,
  }));
}

/** `schema.parse` that throws VALIDATION_FAILED (with `message`) instead of a ZodError. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  message = 'Input is not valid',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', message, {
    details: issueDetails(result.error),
    cause: result.error,
  });
}
