/**
 * Trying a network step again: exponential backoff with full jitter (a random wait up to the doubling
 * cap, so many clients that failed together do not come back together), honouring a server's
 * Retry-After. Only PublishApiErrors marked retryable are tried again; an abort ends it at once.
 */
import { PublishApiError } from './api';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 250, maxMs: 15_000 };

export function backoffMs(policy: RetryPolicy, failures: number, random: () => number = Math.random) {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * cap);
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller then sees the abort). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function withRetries<T>(
  step: () => Promise<T>,
  options: {
    policy: RetryPolicy;
    signal: AbortSignal;
    random?: () => number;
    /** Told of each failure that will be tried again (for progress events and logs). */
    onRetry?: (error: PublishApiError, failures: number) => void;
  },
): Promise<T> {
  for (let failures = 1; ; failures += 1) {
    try {
      return await step();
    } catch (error) {
      const last = failures >= options.policy.attempts;
      if (!(error instanceof PublishApiError) || !error.retryable || last || options.signal.aborted) {
        throw error;
      }
      options.onRetry?.(error, failures);
      const wait = Math.max(error.retryAfterMs ?? 0, backoffMs(options.policy, failures, options.random));
      await sleep(Math.min(wait, options.policy.maxMs), options.signal);
      if (options.signal.aborted) throw error;
    }
  }
}
