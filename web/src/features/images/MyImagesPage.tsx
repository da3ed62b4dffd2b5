// The buyer's own images, newest first, every status. While any is queued or running, only those are
// polled (`generation.get`, one small call each), never every loaded page of the list; when one of them
// ends, the list is asked again once, so a finished image appears without a reload.
import { useEffect } from 'react';
import { useInfiniteQuery, useQueries, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../components/LocalLink';
import { Button, buttonClass } from '../../components/ui/Button';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { PageHeader } from '../../components/ui/Page';
import { useTRPC } from '../../lib/trpc';
import { ImageCard } from './ImageCard';

const PAGE_SIZE = 20;
export const IMAGES_POLL_MS = 3_000;
const ACTIVE = new Set(['queued', 'running']);

export function MyImagesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = useInfiniteQuery(
    trpc.generation.mine.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = mine.data?.pages.flatMap((p) => p.items) ?? [];
  const active = items.filter((i) => ACTIVE.has(i.status));
  const inProgress = active.length > 0;
  const polls = useQueries({
    queries: active.map((item) => ({
      ...trpc.generation.get.queryOptions({ generationId: item.id }),
      // The list's copy stands for the first answer, so the first call waits for the interval.
      initialData: { ...item, mine: true as const },
      initialDataUpdatedAt: mine.dataUpdatedAt,
      refetchInterval: (query: { state: { data?: { status: string } } }) =>
        query.state.data && !ACTIVE.has(query.state.data.status) ? false : IMAGES_POLL_MS,
    })),
  });
  // The ids the list still shows in progress that have ended since.
  const ended = polls
    .flatMap((poll, i) => (poll.data && !ACTIVE.has(poll.data.status) ? [active[i]!.id] : []))
    .join(',');
  useEffect(() => {
    if (!ended) return;
    // pathKey: the list is an infinite query, which a plain queryKey() misses.
    void queryClient.invalidateQueries({ queryKey: trpc.generation.mine.pathKey() });
  }, [ended, queryClient, trpc]);

  return (
    <>
      <PageHeader title={t('images.title')} />
      <div className="-mt-3 mb-6 flex max-w-2xl flex-col gap-1">
        <p className="text-stone-600">{t('images.intro')}</p>
        {/* What the public switch on each finished image means, said once for the page. */}
        {items.some((item) => item.status === 'succeeded') && (
          <p className="text-sm text-stone-500">{t('gallery.sharing.explain')}</p>
        )}
      </div>
      {mine.isPending ? (
        <Spinner />
      ) : mine.isLoadingError ? (
        <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('images.empty.title')}>
          <p>{t('images.empty.body')}</p>
          <LocalLink to="/search" className={`${buttonClass('primary')} mt-4`}>
            {t('images.empty.action')}
          </LocalLink>
        </EmptyState>
      ) : (
        <>
          {/* A failed refresh or next page keeps what was loaded, with the error and a retry beside it. */}
          {mine.isError && (
            <div className="mb-4">
              <ErrorNotice
                error={mine.error}
                onRetry={() => void (mine.isFetchNextPageError ? mine.fetchNextPage() : mine.refetch())}
              />
            </div>
          )}
          {inProgress && (
            <p role="status" className="mb-4 text-sm text-stone-600">
              {t('images.updating')}
            </p>
          )}
          <ul className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((item) => (
              <ImageCard key={item.id} item={item} />
            ))}
          </ul>
          {mine.hasNextPage && (
            <div className="mt-6 flex justify-center">
              <Button
                look="secondary"
                busy={mine.isFetchingNextPage}
                onClick={() => void mine.fetchNextPage()}
              >
                {t('common.actions.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </>
  );
}
