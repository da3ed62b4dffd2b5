// The buyer's own images, newest first, every status. While any is queued or running the list is polled,
// so a finished image appears without a reload.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../components/LocalLink';
import { Button, buttonClass } from '../../components/ui/Button';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { PageHeader } from '../../components/ui/Page';
import { useTRPC } from '../../lib/trpc';
import { ImageCard } from './ImageCard';

const PAGE_SIZE = 20;
export const IMAGES_POLL_MS = 3_000;

export function MyImagesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const mine = useInfiniteQuery({
    ...trpc.generation.mine.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) =>
        p.items.some((i) => i.status === 'queued' || i.status === 'running'),
      )
        ? IMAGES_POLL_MS
        : false,
  });
  const items = mine.data?.pages.flatMap((p) => p.items) ?? [];
  const inProgress = items.some((i) => i.status === 'queued' || i.status === 'running');

  return (
    <>
      <PageHeader title={t('images.title')} />
      <p className="-mt-3 mb-6 max-w-2xl text-stone-600">{t('images.intro')}</p>
      {mine.isPending ? (
        <Spinner />
      ) : mine.isError ? (
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
