// A URL without a language (`/`, or an address from outside such as the checkout's return `/?purchase=…`)
// goes to the same place under the visitor's language: profile, earlier choice, then Accept-Language.
import { Navigate, useLocation } from 'react-router';
import type { Locale } from '@style-license/shared';
import { preferredLocale } from '../lib/locale';
import { useMe } from '../lib/session';
import { usePreferences } from '../stores/preferences';

/** null while we still ask the server who is signed in. */
export function usePreferredLocale(): Locale | null {
  const me = useMe();
  const chosen = usePreferences((s) => s.locale);
  if (me.isPending) return null;
  return preferredLocale({ profile: me.data?.locale ?? null, chosen, languages: navigator.languages });
}

export function RootRedirect() {
  const location = useLocation();
  const locale = usePreferredLocale();
  if (!locale) return null;
  const purchase = new URLSearchParams(location.search).get('purchase');
  if (purchase)
    return <Navigate replace to={`/${locale}/tokens/return?purchase=${encodeURIComponent(purchase)}`} />;
  return <Navigate replace to={`/${locale}`} />;
}
