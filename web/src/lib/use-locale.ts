// The locale of the page being shown (from its `/en` or `/ko` prefix) and links within it.
import { useParams } from 'react-router';
import type { Locale } from '@style-license/shared';
import { DEFAULT_LOCALE, isLocale } from './locale';

export function useLocale(): Locale {
  const { locale } = useParams();
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/** `/search` → `/ko/search` on a Korean page. */
export function useLocalePath() {
  const locale = useLocale();
  // `/` and `/?tag=x` are the language's home: `/en`, `/en?tag=x` (not `/en/?tag=x`).
  return (path: string) => `/${locale}${path === '/' || path.startsWith('/?') ? path.slice(1) : path}`;
}
