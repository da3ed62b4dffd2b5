// The public feed as a grid, for the home page and an artist's page: `useFeed` asks `gallery.feed` page by
// page (the cursor of the last page, same filters), and `FeedResults` shows skeletons, the error with a
// retry, the caller's empty state, or the cards with an infinite scroll — a sentinel loads the next page as
// it nears the viewport, and a "Load more" button does the same for keyboards and older browsers.
import { useEffect, useRef, type ReactNode } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FeedItem, FeedQuery } from '@style-license/shared';
import { useTRPC } from '../../lib/trpc';
import { Button } from '../ui/Button';
import { ErrorNotice, Spinner } from '../ui/Feedback';
import { FeedCard } from './FeedCard';

const PAGE_SIZE = 24;
const GRID = 'grid grid-cols-2 gap-3 sm:gap-5 md:grid-cols-3 lg:grid-cols-4';

export function FeedGrid({
  items,
  label,
  showArtist,
}: {
  items: FeedItem[];
  label: string;
  /** False where the page is the artist's own: each card would name them again. */
  showArtist?: boolean;
}) {
  return (
    <ul aria-label={label} className={GRID}>
      {items.map((item) => (
        <li key={item.id} className="flex">
          <FeedCard item={item} showArtist={showArtist} />
        </li>
      ))}
    </ul>
  );
}

/** Grey cards the size of real ones while the first page loads, so nothing jumps when it arrives. */
export function FeedGridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <div aria-hidden="true" className={GRID}>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="animate-pulse overflow-hidden rounded-xl border border-stone-200 bg-white">
          <div className="aspect-square bg-stone-100" />
          <div className="space-y-2 px-3 py-3">
            <div className="h-4 w-2/3 rounded bg-stone-100" />
            <div className="h-3 w-1/2 rounded bg-stone-100" />
            <div className="h-3 w-1/3 rounded bg-stone-100" />
            <div className="h-6 w-1/2 rounded bg-stone-100" />
          </div>
        </div>
      ))}
    </div>
  );
}

/** The feed for `filters`, newest first; `enabled: false` asks nothing (a tab that needs a session). */
export function useFeed(filters: Omit<FeedQuery, 'cursor' | 'limit'>, enabled = true) {
  const trpc = useTRPC();
  const query = useInfiniteQuery({
    ...trpc.gallery.feed.infiniteQueryOptions(
      { ...filters, limit: PAGE_SIZE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
    enabled,
  });
  return { query, items: query.data ? uniqueItems(query.data.pages) : [] };
}
export type Feed = ReturnType<typeof useFeed>;

/** Each image once: the keyset cursor never repeats one, but a refetch of early pages may shift them. */
function uniqueItems(pages: { items: FeedItem[] }[]): FeedItem[] {
  const seen = new Set<string>();
  return pages.flatMap((page) =>
    page.items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true))),
  );
}

export function FeedResults({
  feed,
  empty,
  label,
  showArtist,
}: {
  feed: Feed;
  empty: ReactNode;
  label: string;
  showArtist?: boolean;
}) {
  const { t } = useTranslation();
  const { query, items } = feed;
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = query;
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    // After a failed page the reader retries by hand: a sentinel still in view would otherwise loop.
    if (!node || !hasNextPage || isFetchNextPageError || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '600px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage, items.length]);

  if (query.error && !query.data)
    return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <FeedGridSkeleton />;
  if (items.length === 0) return <>{empty}</>;
  return (
    <>
      <FeedGrid items={items} label={label} showArtist={showArtist} />
      <div ref={sentinel} className="mt-8 flex flex-col items-center gap-3">
        {isFetchingNextPage ? (
          <Spinner label={t('feed.grid.loadingMore')} />
        ) : isFetchNextPageError ? (
          <ErrorNotice error={query.error} onRetry={() => void fetchNextPage()} />
        ) : hasNextPage ? (
          <Button look="secondary" onClick={() => void fetchNextPage()}>
            {t('common.actions.loadMore')}
          </Button>
        ) : (
          <p className="text-sm text-stone-500">{t('feed.grid.end')}</p>
        )}
      </div>
    </>
  );
}
