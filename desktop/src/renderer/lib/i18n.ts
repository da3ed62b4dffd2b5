/**
 * The renderer's languages over web's i18n setup: English with the screens the studio shows (its own
 * `desktop` strings and the web studio's, whose components it reuses), Korean loaded before the first
 * paint when it is the artist's language, and the choice kept in web's preferences store (localStorage),
 * as the web client keeps it.
 */
import type { Locale } from '@style-license/shared';
import { desktop } from '@style-license/shared/i18n/ui/en/desktop';
import { i18n, initI18n, loadLocale, loadScreens, registerLocale } from '@style-license/web/lib/i18n';
import { localeFromLanguages } from '@style-license/web/lib/locale';
import { usePreferences } from '@style-license/web/stores/preferences';

export function startingLocale(): Locale {
  return usePreferences.getState().locale ?? localeFromLanguages(navigator.languages) ?? 'en';
}

async function apply(locale: Locale) {
  if (locale !== 'en') await loadLocale(locale);
  await i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}

/** Before the first render: English registered whole, then the artist's language. */
export async function setupI18n(): Promise<void> {
  initI18n('en');
  registerLocale('en', { desktop });
  await loadScreens(['studio']);
  // If Korean cannot be loaded, the studio still starts, in English.
  await apply(startingLocale()).catch(() => undefined);
}

export async function switchLanguage(locale: Locale): Promise<void> {
  usePreferences.getState().setLocale(locale);
  await apply(locale);
}

export function currentLocale(): Locale {
  return i18n.language === 'ko' ? 'ko' : 'en';
}
