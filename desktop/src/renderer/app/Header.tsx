// The studio's header: the product, the shortcuts list, the language and the account.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import { useTRPC } from '@style-license/web/lib/trpc';
import { useCurate } from '../features/curate/curate-store';
import { useSession } from '../features/publish/use-session';
import { LanguageSwitch } from './LanguageSwitch';

function Account() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const session = useSession();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), enabled: session.signedIn, staleTime: 60_000 });
  const unread = useQuery({
    ...trpc.notifications.unreadCount.queryOptions(),
    enabled: session.signedIn,
    refetchInterval: 30_000,
  });
  if (!session.signedIn)
    return <span className="hidden text-sm text-stone-600 sm:inline">{t('desktop.header.signedOut')}</span>;
  const count = unread.data?.count ?? 0;
  return (
    <span className="flex min-w-0 items-center gap-2 text-sm">
      {count > 0 && (
        <span
          className="rounded-full bg-violet-700 px-2 py-0.5 text-xs font-semibold text-white"
          role="status"
        >
          {t('desktop.header.unread', { count })}
        </span>
      )}
      <span className="hidden max-w-40 truncate text-stone-800 md:inline">{me.data?.displayName}</span>
      <Button
        look="ghost"
        size="sm"
        busy={session.signOut.isPending}
        onClick={() => session.signOut.mutate()}
      >
        {t('desktop.header.signOut')}
      </Button>
    </span>
  );
}

export function Header() {
  const { t } = useTranslation();
  const setShortcuts = useCurate((s) => s.setShortcuts);
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-stone-200 bg-white px-3">
      <span
        aria-hidden="true"
        className="size-6 shrink-0 rounded-md bg-gradient-to-br from-violet-600 to-rose-500"
      />
      <h1 className="min-w-0 truncate font-semibold text-stone-900">
        <span className="sm:hidden">{t('desktop.header.short')}</span>
        <span className="hidden sm:inline">{t('desktop.header.title')}</span>
      </h1>
      <div className="ml-auto flex shrink-0 items-center gap-1.5">
        {/* Shortcuts are for keyboards: not offered at phone width. */}
        <span className="hidden sm:block">
          <Button
            look="ghost"
            size="sm"
            onClick={() => setShortcuts(true)}
            aria-label={t('desktop.shortcuts.open')}
          >
            ?
          </Button>
        </span>
        <LanguageSwitch />
        <Account />
      </div>
    </header>
  );
}
