// The signed-in user's notifications, newest first: each in words of the current language and linking to
// its cause. Opening one marks it read; "Mark all as read" clears the header bell's count.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../components/LocalLink';
import { Button } from '../../components/ui/Button';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { PageHeader } from '../../components/ui/Page';
import { describeError } from '../../lib/errors';
import { toast } from '../../lib/toast';
import { useTRPC } from '../../lib/trpc';
import { useLocale } from '../../lib/use-locale';
import { formatWhen } from '../../lib/relative-time';
import { describeNotification } from './describe';

const PAGE_SIZE = 20;

interface Item {
  id: string;
  type: string;
  payload?: unknown;
  read: boolean;
  createdAt: string;
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () => {
        // pathKey, not queryKey: a plain queryKey() names only non-infinite queries, so it misses this list.
        void queryClient.invalidateQueries({ queryKey: trpc.notifications.list.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() });
      },
      onError: (error) => toast('error', describeError(error, t)),
    }),
  );
  const items: Item[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  const anyUnread = items.some((n) => !n.read);
  const open = (n: Item) => {
    if (!n.read) markRead.mutate({ ids: [n.id] });
  };

  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t('notifications.title')}>
        {anyUnread && (
          <Button
            look="secondary"
            size="sm"
            busy={markRead.isPending && markRead.variables?.ids === 'all'}
            onClick={() => markRead.mutate({ ids: 'all' })}
          >
            {t('notifications.markAll')}
          </Button>
        )}
      </PageHeader>
      {list.isPending ? (
        <Spinner />
      ) : list.isLoadingError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('notifications.empty.title')}>{t('notifications.empty.body')}</EmptyState>
      ) : (
        <>
          {/* TanStack Query v5 sets isError after a failed background refetch too: the list stays. */}
          {list.isError && (
            <div className="mb-4">
              <ErrorNotice
                error={list.error}
                onRetry={() => void (list.isFetchNextPageError ? list.fetchNextPage() : list.refetch())}
              />
            </div>
          )}
          <ul className="divide-y divide-stone-200 overflow-hidden rounded-xl border border-stone-200 bg-white">
            {items.map((n) => (
              <NotificationRow key={n.id} item={n} onOpen={() => open(n)} />
            ))}
          </ul>
          {list.hasNextPage && (
            <div className="mt-4 flex justify-center">
              <Button
                look="secondary"
                busy={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('common.actions.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function NotificationRow({ item, onOpen }: { item: Item; onOpen: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { title, body, to } = describeNotification(item, t, locale);
  const unread = !item.read;
  const text = (
    <>
      <span className="flex items-center gap-2">
        {unread && <span aria-hidden="true" className="size-2 shrink-0 rounded-full bg-violet-600" />}
        <span className={`text-stone-900 ${unread ? 'font-semibold' : 'font-medium'}`}>{title}</span>
        {unread && <span className="sr-only">({t('notifications.unread')})</span>}
      </span>
      {body && <span className="mt-0.5 block text-sm break-words text-stone-700">{body}</span>}
      <time dateTime={item.createdAt} className="mt-1 block text-xs text-stone-500">
        {formatWhen(item.createdAt, locale)}
      </time>
    </>
  );
  return (
    <li
      data-testid="notification"
      data-unread={unread || undefined}
      className={unread ? 'bg-violet-50/60' : ''}
    >
      {to ? (
        <LocalLink
          to={to}
          onClick={onOpen}
          className="block px-4 py-4 hover:bg-stone-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-violet-600 sm:px-5"
        >
          {text}
        </LocalLink>
      ) : (
        <div className="flex items-start gap-3 px-4 py-4 sm:px-5">
          <div className="min-w-0 flex-1">{text}</div>
          {unread && (
            <Button look="ghost" size="sm" onClick={onOpen}>
              {t('notifications.markRead')}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
