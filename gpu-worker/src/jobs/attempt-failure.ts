/**
 * What every job handler does when an attempt throws, so training and generation fail the same way:
 * - a dependency outage (object store, broker) is handed to the transport, which holds the message and
 *   runs it again when the dependency is back; it is never reported, because the job itself is fine;
 * - a job that fails its schema is reported `invalid_request` at once and dead-lettered (no retry helps);
 * - a failure marked `permanent` (an engine refusing the job for good) is reported `processing_failed` at
 *   once and dead-lettered;
 * - anything else is retried, and on the last allowed attempt reported `processing_failed` first, so the
 *   user hears of it (and a buyer is refunded) before the message is dead-lettered.
 * Users get the code (translated by clients); the error itself goes to the logs as `detail`.
 */
import { ZodError } from 'zod';
import { isDependencyOutage } from '@style-license/platform/dependency-errors';
import type { Logger } from '@style-license/platform/logger';
import {
  DependencyUnavailableError,
  UnprocessableMessageError,
  type Delivery,
} from '@style-license/platform/queue';
import type { JobFailureCode } from '@style-license/shared';

export interface FailureReport {
  code: JobFailureCode;
  /** For operators only: the server logs it beside the job; it is never shown to users. */
  detail: string;
}

export interface AttemptFailureOptions {
  log: Logger;
  /** Publishes the job's failed event; absent when the job is too malformed to name what failed. */
  report?: (failure: FailureReport) => Promise<unknown>;
  /** Removes partial outputs before a failure is reported (best effort). */
  cleanUp?: () => Promise<void>;
}

/**
 * A failure no other attempt can help (an engine refusing its input for good): reported at once and
 * dead-lettered, like a malformed job, instead of spending the remaining attempts on it.
 */
export interface PermanentFailure extends Error {
  permanent: true;
}
const isPermanent = (error: unknown): error is PermanentFailure =>
  error instanceof Error && (error as { permanent?: unknown }).permanent === true;

const detailOf = (error: unknown) =>
  (error instanceof ZodError
    ? 'the job failed its schema'
    : error instanceof Error
      ? error.message
      : String(error)
  ).slice(0, 500);

/** Always throws: the error the transport acts on (hold, dead-letter now, or retry). */
export async function handleAttemptFailure(
  error: unknown,
  delivery: Delivery,
  { log, report, cleanUp }: AttemptFailureOptions,
): Promise<never> {
  const { attempt, isLastAttempt } = delivery;
  const cleanUpQuietly = () =>
    cleanUp?.().catch((cleanUpError: unknown) =>
      log.warn({ err: cleanUpError }, 'could not remove the outputs of a failed job'),
    );
  if (error instanceof DependencyUnavailableError || isDependencyOutage(error)) {
    log.warn({ err: error, attempt }, 'a dependency is unavailable; the job waits for it');
    throw error instanceof DependencyUnavailableError
      ? error
      : new DependencyUnavailableError('a dependency is unavailable', { cause: error });
  }
  if (error instanceof ZodError) {
    log.error({ err: error, attempt }, 'malformed job');
    await report?.({ code: 'invalid_request', detail: detailOf(error) });
    throw new UnprocessableMessageError('the job failed its schema', { cause: error });
  }
  log.warn({ err: error, attempt, isLastAttempt }, 'job attempt failed');
  if (isPermanent(error)) {
    await cleanUpQuietly();
    await report?.({ code: 'processing_failed', detail: detailOf(error) });
    throw new UnprocessableMessageError('no attempt can succeed', { cause: error });
  }
  if (isLastAttempt) {
    await cleanUpQuietly();
    await report?.({ code: 'processing_failed', detail: `after ${attempt} attempts: ${detailOf(error)}` });
  }
  throw error;
}
