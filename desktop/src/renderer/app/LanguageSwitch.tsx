// English / 한국어, remembered for the next start (web's preference store).
import { useTranslation } from 'react-i18next';
import { LOCALES } from '@style-license/shared';
import { isLocale, LOCALE_NAMES } from '@style-license/web/lib/locale';
import { currentLocale, switchLanguage } from '../lib/i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <select
      aria-label={t('common.header.language')}
      value={currentLocale()}
      onChange={(event) => isLocale(event.target.value) && void switchLanguage(event.target.value)}
      className="h-8 rounded-lg border border-stone-300 bg-white px-1.5 text-sm text-stone-800"
    >
      {LOCALES.map((locale) => (
        <option key={locale} value={locale} lang={locale}>
          {LOCALE_NAMES[locale]}
        </option>
      ))}
    </select>
  );
}
