// When something happened, as a person says it in their language: "5 minutes ago" within a week, else the
// date. Notifications and comments both show times this way.
import type { Locale } from '@style-license/shared';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
];

/** "5 minutes ago" within a week, else the date (both in the reader's language). */
export function formatWhen(iso: string, locale: Locale, now = Date.now()): string {
  const then = new Date(iso).getTime();
  const seconds = Math.round((then - now) / 1000);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return relative.format(0, 'second');
  if (Math.abs(seconds) < 7 * 24 * 60 * 60) {
    const [unit, size] = [...UNITS].reverse().find(([, s]) => Math.abs(seconds) >= s)!;
    return relative.format(Math.round(seconds / size), unit);
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}
