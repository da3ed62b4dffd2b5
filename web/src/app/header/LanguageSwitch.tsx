// Switches the page to the other language: the same page under the other prefix, remembered here, and
// saved to the profile when signed in (so the next visit to a bare URL opens in it).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LOCALES } from '@style-license/shared';
import { loadLocale } from '../../lib/i18n';
import { LOCALE_NAMES, isLocale, withLocale } from '../../lib/locale';
import { useMe } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { useLocale } from '../../lib/use-locale';
import { usePreferences } from '../../stores/preferences';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setLocale = usePreferences((s) => s.setLocale);
  const saveToProfile = useMutation(
    trpc.profile.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
    }),
  );

  const change = (next: string) => {
    if (!isLocale(next) || next === locale) return;
    setLocale(next);
    if (me.data) saveToProfile.mutate({ locale: next });
    // The other language's strings first, so the page switches in one step.
    const go = () => navigate(`${withLocale(location.pathname, next)}${location.search}${location.hash}`);
    void loadLocale(next).then(go, go);
  };

  return (
    <select
      aria-label={t('common.header.language')}
      value={locale}
      onChange={(e) => change(e.target.value)}
      className="h-9 rounded-lg border border-stone-300 bg-white px-2 text-sm text-stone-800"
    >
      {LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LOCALE_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
