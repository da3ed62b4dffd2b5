// The header on every page: the product, navigation, and — signed in — balance, bell and account menu;
// signed out, a sign-in button that comes back to this page.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LocalLink, LocalNavLink } from '../../components/LocalLink';
import { buttonClass } from '../../components/ui/Button';
import { currentPath, signInHref, useMe } from '../../lib/session';
import { BalanceLink, NotificationBell } from './HeaderStatus';
import { LanguageSwitch } from './LanguageSwitch';

// The menu's library loads only for signed-in visitors.
const AccountMenu = lazy(() => import('./AccountMenu').then((m) => ({ default: m.AccountMenu })));

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-lg px-3 py-2 text-sm font-medium ${isActive ? 'bg-violet-50 text-violet-900' : 'text-stone-700 hover:bg-stone-100'}`;

export function Header() {
  const { t } = useTranslation();
  const me = useMe();
  const user = me.data;
  return (
    <header className="sticky top-0 z-40 border-b border-stone-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center gap-2 px-3 sm:gap-4 sm:px-6">
        <LocalLink to="/" className="flex shrink-0 items-center gap-2 font-semibold text-stone-900">
          <span
            aria-hidden="true"
            className="size-7 rounded-lg bg-gradient-to-br from-violet-600 to-rose-500"
          />
          <span className="hidden sm:inline">{t('app.name')}</span>
        </LocalLink>
        <nav aria-label={t('common.nav.mainNavigation')} className="hidden items-center gap-1 md:flex">
          <LocalNavLink to="/" end className={navClass}>
            {t('common.nav.feed')}
          </LocalNavLink>
          <LocalNavLink to="/search" className={navClass}>
            {t('common.nav.search')}
          </LocalNavLink>
          {user && (
            // `end`: an image's page (/images/<id>) is anyone's image, not My images.
            <LocalNavLink to="/images" end className={navClass}>
              {t('common.nav.myImages')}
            </LocalNavLink>
          )}
          {user?.role === 'artist' && (
            <LocalNavLink to="/studio" className={navClass}>
              {t('common.nav.studio')}
            </LocalNavLink>
          )}
        </nav>
        <div className="ml-auto flex items-center gap-1.5 sm:gap-2">
          <LanguageSwitch />
          {user ? (
            <>
              <BalanceLink />
              <NotificationBell />
              <Suspense fallback={<span className="size-9" />}>
                <AccountMenu me={user} />
              </Suspense>
            </>
          ) : (
            !me.isPending && (
              <a href={signInHref(currentPath())} className={buttonClass('primary', 'sm')}>
                {t('common.nav.signIn')}
              </a>
            )
          )}
        </div>
      </div>
    </header>
  );
}
