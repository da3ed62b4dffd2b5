// Every page's frame, for one language: sets i18next's language and <html lang> from the URL prefix, and
// sends a path with an unknown prefix to the same path in the visitor's language.
import { Suspense, useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useParams } from 'react-router';
import { Spinner } from '../components/ui/Feedback';
import { i18n, isLocaleLoaded, loadLocale } from '../lib/i18n';
import { isLocale } from '../lib/locale';
import { Header } from './header/Header';
import { usePreferredLocale } from './RootRedirect';

export function Layout() {
  const { locale } = useParams();
  const location = useLocation();
  const preferred = usePreferredLocale();
  const { t } = useTranslation();

  const ready = useLanguage(locale);

  if (!isLocale(locale)) {
    if (!preferred) return null;
    return <Navigate replace to={`/${preferred}${location.pathname}${location.search}${location.hash}`} />;
  }
  if (!ready) return null;
  return (
    <div className="flex min-h-dvh flex-col bg-stone-50 text-stone-900">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-4 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t('common.nav.skipToContent')}
      </a>
      <Header />
      <main
        id="main"
        // At least a screen tall: the footer starts below the fold, so a page growing as its data arrives
        // pushes nothing visible down (no layout shift).
        className="mx-auto min-h-dvh w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8"
      >
        <Suspense fallback={<Spinner />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="border-t border-stone-200 bg-white">
        <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-stone-600 sm:px-6">
          <p>
            {t('app.name')} — {t('common.footer.tagline')}
          </p>
        </div>
      </footer>
    </div>
  );
}

/**
 * Puts i18next in the page's language before the browser paints (a layout effect), loading its strings
 * first if they have not arrived (main.tsx loads the first page's; the language switch loads before it
 * navigates, so this waits only on other ways into another language, such as Back). False meanwhile.
 */
function useLanguage(locale: string | undefined): boolean {
  const [loaded, setLoaded] = useState<string | null>(null);
  useLayoutEffect(() => {
    if (!isLocale(locale)) return;
    document.documentElement.lang = locale;
    let current = true;
    const apply = () => {
      if (!current) return;
      if (i18n.language !== locale) void i18n.changeLanguage(locale);
      setLoaded(locale);
    };
    if (isLocaleLoaded(locale)) apply();
    // Strings that cannot be fetched leave the page in English, the fallback, rather than blank.
    else void loadLocale(locale).then(apply, apply);
    return () => {
      current = false;
    };
  }, [locale]);
  return isLocale(locale) && (loaded === locale || (isLocaleLoaded(locale) && i18n.language === locale));
}
