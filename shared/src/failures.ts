/**
 * Why a job ended without a result, told to people. A failure is a code that clients translate
 * (`jobFailures.<kind>.<code>` in the i18n resources) with the numbers it needs; the server stores the English
 * sentence beside the code for API clients and ledger notes. What went wrong inside a worker (engine,
 * storage, stack traces) never reaches a user: it stays in the worker's and server's logs.
 */
import { resources, type Locale } from './i18n/index';

export const JOB_FAILURE_CODES = [
  /** The job message itself was unusable (a bug or a tampered message, never the user's doing). */
  'invalid_request',
  /** The worker tried every allowed attempt and could not produce the result. */
  'processing_failed',
  /** A generation had no result within its deadline (the worker drops it, or the sweeper ends it). */
  'expired',
  /** A running training job stopped reporting progress. */
  'stalled',
  /** No worker picked a training job up in time. */
  'not_started',
] as const;
export type JobFailureCode = (typeof JOB_FAILURE_CODES)[number];

export interface JobFailure {
  code: JobFailureCode;
  /** The time limit that was exceeded, for `expired`, `stalled` and `not_started`. */
  seconds?: number;
}

/**
 * A duration as people say it, exact to the second: 30 → "30 seconds", 150 → "2 minutes 30 seconds",
 * 3600 → "1 hour". Never rounded, so a 30-second deadline is not reported as "1 minute".
 */
export function formatDuration(totalSeconds: number, locale: Locale = 'en'): string {
  const whole = Math.max(0, Math.round(totalSeconds));
  const parts: [number, 'hour' | 'minute' | 'second'][] = [
    [Math.floor(whole / 3600), 'hour'],
    [Math.floor((whole % 3600) / 60), 'minute'],
    [whole % 60, 'second'],
  ];
  const spoken = parts
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) =>
      new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount),
    );
  if (spoken.length === 0)
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(0);
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(spoken);
}

export type JobKind = 'generation' | 'training';

/** The sentence for a failure in one locale, from the same resources the clients use. */
export function describeJobFailure(kind: JobKind, failure: JobFailure, locale: Locale = 'en'): string {
  const template: string = resources[locale].jobFailures[kind][failure.code];
  const duration = formatDuration(failure.seconds ?? 0, locale);
  return template.replaceAll('{{duration}}', duration);
}
