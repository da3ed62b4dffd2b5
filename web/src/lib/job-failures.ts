// Why a job ended without a result, in the reader's language: the failure's code picks the shared sentence
// (`jobFailures.<kind>.<code>`) and the limit it ran past (`failureSeconds`, a notification's `seconds`)
// fills its `{{duration}}`. Null when there are no words for it: an unknown code, or a limit the server
// did not record (failures from before it stored them), which callers replace with their general sentence.
import type { TFunction } from 'i18next';
import { formatDuration, type JobFailureCode, type Locale } from '@style-license/shared';
import { enBase } from '@style-license/shared/i18n/en-base';

export type JobKind = 'generation' | 'training';

export function describeJobFailure(
  kind: JobKind,
  failure: { code: string | null | undefined; seconds: number | null | undefined },
  t: TFunction,
  locale: Locale,
): string | null {
  const sentences = enBase.jobFailures[kind];
  const code = failure.code;
  if (!code || !Object.hasOwn(sentences, code)) return null;
  const needsLimit = sentences[code as JobFailureCode].includes('{{duration}}');
  if (needsLimit && (failure.seconds === null || failure.seconds === undefined)) return null;
  return t(`jobFailures.${kind}.${code as JobFailureCode}`, {
    duration: formatDuration(failure.seconds ?? 0, locale),
  });
}
