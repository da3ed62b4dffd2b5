/**
 * Which language a visitor sees. The URL decides (`/en/…`, `/ko/…`); a URL without one is sent to the
 * signed-in user's profile language, else the language chosen here before, else the browser's
 * Accept-Language order (navigator.languages), else English.
 */
import { LOCALES, type Locale } from '@style-license/shared';

export const DEFAULT_LOCALE: Locale = 'en';

/** Each language by its own name, as language pickers show it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ko: '한국어' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first supported language in the browser's preference order (`ko-KR` → `ko`). */
export function localeFromLanguages(languages: readonly string[]): Locale | null {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return null;
}

export function preferredLocale(sources: {
  profile?: Locale | null;
  chosen?: Locale | null;
  languages?: readonly string[];
}): Locale {
  return sources.profile ?? sources.chosen ?? localeFromLanguages(sources.languages ?? []) ?? DEFAULT_LOCALE;
}

/** Splits `/ko/styles/1` into `ko` and `/styles/1`; a path without a locale gives null and itself. */
export function splitLocale(pathname: string): { locale: Locale | null; rest: string } {
  const match = /^\/([a-z]{2})(?=\/|$)(.*)$/.exec(pathname);
  if (match && isLocale(match[1])) return { locale: match[1], rest: match[2] || '/' };
  return { locale: null, rest: pathname || '/' };
}

/** The same page in another language. */
export function withLocale(pathname: string, locale: Locale): string {
  const { rest } = splitLocale(pathname);
  return `/${locale}${rest === '/' ? '' : rest}`;
}
