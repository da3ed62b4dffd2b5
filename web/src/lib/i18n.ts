// react-i18next over the shared resources (one `translation` namespace; keys are typed from English, so a
// misspelt key fails the type check). The first page's JavaScript carries only the English base and the
// strings every screen shares; each route loads its own screens' English strings with its code
// (routes.tsx), and Korean is one chunk, loaded before a Korean page renders. A key missing at run time is
// a console error, which the browser journeys fail on. Numbers and dates: `{{count, number}}`,
// `{{when, datetime}}` (i18next's Intl formatters).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale, Resources } from '@style-license/shared';
import { enBase } from '@style-license/shared/i18n/en-base';
import { common } from '@style-license/shared/i18n/ui/en/common';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}

const core = { ...enBase, common };

const loaders: Record<Locale, () => Promise<unknown>> = {
  en: async () => core,
  ko: async () => (await import('@style-license/shared/i18n/ko')).ko,
};

/** The English strings of each screen, by namespace (Korean comes whole). */
const englishScreens = {
  home: () => import('@style-license/shared/i18n/ui/en/home'),
  search: () => import('@style-license/shared/i18n/ui/en/search'),
  style: () => import('@style-license/shared/i18n/ui/en/style'),
  tokens: () => import('@style-license/shared/i18n/ui/en/tokens'),
  images: () => import('@style-license/shared/i18n/ui/en/images'),
  artist: () => import('@style-license/shared/i18n/ui/en/artist'),
  studio: () => import('@style-license/shared/i18n/ui/en/studio'),
  notifications: () => import('@style-license/shared/i18n/ui/en/notifications'),
  license: () => import('@style-license/shared/i18n/ui/en/license'),
  account: () => import('@style-license/shared/i18n/ui/en/account'),
  feed: () => import('@style-license/shared/i18n/ui/en/feed'),
  gallery: () => import('@style-license/shared/i18n/ui/en/gallery'),
  artists: () => import('@style-license/shared/i18n/ui/en/artists'),
};
export type Screen = keyof typeof englishScreens;

/** Adds the English strings of `screens` (a route's loader awaits this with the page's code). */
export async function loadScreens(screens: readonly Screen[]): Promise<void> {
  const modules = await Promise.all(screens.map((screen) => englishScreens[screen]()));
  modules.forEach((module, i) => {
    const screen = screens[i]!;
    i18n.addResourceBundle(
      'en',
      'translation',
      { [screen]: (module as Record<Screen, unknown>)[screen] },
      true,
      false,
    );
  });
}
const loading = new Map<Locale, Promise<void>>();

/** Adds a language's strings (tests give Korean up front; the app loads it with `loadLocale`). */
export function registerLocale(locale: Locale, strings: unknown) {
  i18n.addResourceBundle(locale, 'translation', strings, true, true);
}

export function isLocaleLoaded(locale: Locale): boolean {
  return i18n.hasResourceBundle(locale, 'translation');
}

/** Fetches a language's strings once; the same promise for every caller, so Suspense can wait on it. */
export function loadLocale(locale: Locale): Promise<void> {
  let promise = loading.get(locale);
  if (!promise) {
    promise = loaders[locale]().then(
      (strings) => registerLocale(locale, strings),
      (error: unknown) => {
        // A failed download is asked again next time, not remembered as failed for good.
        loading.delete(locale);
        throw error;
      },
    );
    loading.set(locale, promise);
  }
  return promise;
}

export function initI18n(lng: Locale) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { en: { translation: core } },
      lng: 'en',
      fallbackLng: 'en',
      // React escapes what it renders; escaping here too would show `&amp;` in names.
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
      // A key with no string shows as the key itself: say so loudly (the journeys fail on console errors).
      saveMissing: true,
      missingKeyHandler: (_languages, _namespace, key) => console.error(`i18n: no string for "${key}"`),
    });
  }
  if (i18n.language !== lng && isLocaleLoaded(lng)) void i18n.changeLanguage(lng);
  return i18n;
}

export { i18n };
