// react-i18next over the shared resources (one `translation` namespace; keys are typed from English, so a
// misspelt key fails the type check). Numbers and dates are formatted by i18next's Intl formatters:
// `{{count, number}}`, `{{when, datetime}}`.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources, type Locale, type Resources } from '@style-license/shared';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}

export function initI18n(lng: Locale) {
  if (i18n.isInitialized) {
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
    return i18n;
  }
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: resources.en }, ko: { translation: resources.ko } },
    lng,
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show `&amp;` in names.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return i18n;
}

export { i18n };
