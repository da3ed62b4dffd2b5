/**
 * Why one of my images failed, in the reader's language. `MyGeneration` carries the failure code and the
 * server's English sentence but not the seconds an `expired` code needs; that sentence was made from the
 * same template with `formatDuration(seconds, 'en')`, so the number is read back from it.
 */
import type { TFunction } from 'i18next';
import { formatDuration, resources, type Locale } from '@style-license/shared';

/** 150 from "… within 2 minutes 30 seconds; …" (English `formatDuration`), else null. */
export function secondsInEnglish(sentence: string | null): number | null {
  if (!sentence) return null;
  const part = (unit: string) => Number(new RegExp(`(\\d+) ${unit}s?\\b`).exec(sentence)?.[1] ?? 0);
  const total = part('hour') * 3600 + part('minute') * 60 + part('second');
  return total > 0 ? total : null;
}

export function generationFailure(
  item: { failureCode: string | null; failureReason: string | null },
  t: TFunction,
  locale: Locale,
): string {
  const code = item.failureCode;
  if (!code || !Object.hasOwn(resources.en.jobFailures.generation, code))
    return t('images.item.failedGeneric');
  const template: string = resources.en.jobFailures.generation[code as 'expired'];
  const seconds = secondsInEnglish(item.failureReason);
  if (template.includes('{{duration}}') && seconds === null) return t('images.item.failedGeneric');
  return t(`jobFailures.generation.${code as 'expired'}`, { duration: formatDuration(seconds ?? 0, locale) });
}
