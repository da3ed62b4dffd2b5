// Tag search: AND chips with autocomplete from popular tags, newest/popular sort (remembered), and an
// infinite list over the cursor API — a sentinel loads the next page as it scrolls into view, and a
// "Load more" button does the same for keyboards and browsers without IntersectionObserver.
import { useEffect, useRef } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { MAX_TAGS, STYLE_SORTS, type StyleSort } from '@style-license/shared';
import { StyleGrid, StyleGridSkeleton } from '../../components/styles/StyleCard';
import { Button } from '../../components/ui/Button';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { inputClass } from '../../components/ui/Field';
import { PageHeader } from '../../components/ui/Page';
import { TagChips } from '../../components/ui/TagChips';
import { TagList } from '../../components/ui/TagList';
import { useTRPC } from '../../lib/trpc';
import { usePreferences } from '../../stores/preferences';
import { parseSort, parseTags, searchParamsFor, uniqueById } from './search-params';

const PAGE_SIZE = 20;

export function SearchPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const savedSort = usePreferences((s) => s.searchSort);
  const setSavedSort = usePreferences((s) => s.setSearchSort);
  const tags = parseTags(params.get('tags'));
  const sort = parseSort(params.get('sort')) ?? savedSort;

  const popular = useQuery(trpc.styles.popularTags.queryOptions());
  const popularNames = popular.data?.map((tag) => tag.name) ?? [];
  const results = useInfiniteQuery(
    trpc.styles.search.infiniteQueryOptions(
      { tags: tags.length > 0 ? tags : undefined, sort, limit: PAGE_SIZE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = results.data ? uniqueById(results.data.pages) : [];

  // Each change is a new history entry, so Back returns to the previous search.
  const go = (nextTags: string[], nextSort: StyleSort) => setParams(searchParamsFor(nextTags, nextSort));
  const toggle = (tag: string) =>
    go(tags.includes(tag) ? tags.filter((x) => x !== tag) : [...tags, tag], sort);

  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = results;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '400px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div>
      <PageHeader title={t('search.title')} />
      <p className="-mt-3 mb-6 max-w-2xl text-stone-600">{t('search.intro')}</p>

      <div className="mb-8 rounded-xl border border-stone-200 bg-white p-4 shadow-sm sm:p-6">
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem] sm:items-start">
          <TagChips
            label={t('search.tagsLabel')}
            hint={t('search.tagsHint')}
            value={tags}
            onChange={(next) => go(next, sort)}
            suggestions={popularNames}
            max={MAX_TAGS}
            showCount={false}
          />
          <div className="flex flex-col gap-1">
            <label htmlFor="search-sort" className="text-sm font-medium text-stone-800">
              {t('search.sortLabel')}
            </label>
            <select
              id="search-sort"
              value={sort}
              onChange={(e) => {
                const next = e.target.value as StyleSort;
                setSavedSort(next);
                go(tags, next);
              }}
              className={`${inputClass} h-11`}
            >
              {STYLE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`search.sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {popularNames.length > 0 && (
          <div className="mt-4 flex flex-col gap-2 sm:flex-row sm:items-baseline">
            <h2 className="shrink-0 text-sm font-medium text-stone-700">{t('search.popularTags')}</h2>
            <TagList
              tags={popularNames}
              selected={tags}
              onToggle={toggle}
              size="sm"
              label={t('search.popularTags')}
            />
          </div>
        )}
        {tags.length > 0 && (
          <Button look="ghost" size="sm" className="mt-3 -ml-3" onClick={() => go([], sort)}>
            {t('search.clear')}
          </Button>
        )}
      </div>

      <section aria-labelledby="search-results" aria-busy={results.isFetching}>
        <h2 id="search-results" className="sr-only">
          {t('search.results')}
        </h2>
        {results.error && !results.data ? (
          <ErrorNotice error={results.error} onRetry={() => void results.refetch()} />
        ) : !results.data ? (
          <StyleGridSkeleton count={8} />
        ) : items.length === 0 ? (
          <EmptyState title={tags.length > 0 ? t('search.empty.title') : t('search.empty.none')}>
            {tags.length > 0 && <p>{t('search.empty.body')}</p>}
          </EmptyState>
        ) : (
          <>
            <StyleGrid styles={items} label={t('search.results')} />
            <div ref={sentinel} className="mt-8 flex flex-col items-center gap-3">
              {results.isFetchNextPageError && <ErrorNotice error={results.error} />}
              {isFetchingNextPage ? (
                <Spinner label={t('search.loadingMore')} />
              ) : hasNextPage ? (
                <Button look="secondary" onClick={() => void fetchNextPage()}>
                  {t('common.actions.loadMore')}
                </Button>
              ) : (
                <p className="text-sm text-stone-500">{t('search.end')}</p>
              )}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
