// The signed-in header's balance and notification bell. The unread count is polled (every 30 s, and when
// the tab regains focus), so a finished job shows up without a reload.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../components/LocalLink';
import { useTRPC } from '../../lib/trpc';

export const UNREAD_POLL_MS = 30_000;

export function BalanceLink() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const balance = useQuery(trpc.tokens.balance.queryOptions());
  if (!balance.data) return null;
  const count = balance.data.balance;
  return (
    <LocalLink
      to="/tokens"
      aria-label={t('common.header.balance', { count })}
      className="flex h-9 items-center gap-1.5 rounded-lg border border-stone-300 bg-white px-2.5 text-sm font-medium text-stone-800 hover:bg-stone-50"
    >
      <span aria-hidden="true" className="size-3 rounded-full bg-amber-400 ring-2 ring-amber-200" />
      <span data-testid="balance">{t('common.header.balanceShort', { count })}</span>
    </LocalLink>
  );
}

export function NotificationBell() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const unread = useQuery({
    ...trpc.notifications.unreadCount.queryOptions(),
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
  });
  const count = unread.data?.count ?? 0;
  return (
    <LocalLink
      to="/notifications"
      aria-label={t('common.header.notificationsUnread', { count })}
      className="relative flex size-9 items-center justify-center rounded-lg text-stone-700 hover:bg-stone-100"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="size-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
      </svg>
      {count > 0 && (
        <span
          data-testid="unread-count"
          className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] leading-5 font-semibold text-white"
        >
          {count > 99 ? '99+' : count}
        </span>
      )}
    </LocalLink>
  );
}
