/**
 * The grid's images: keyset pages of `queryImages` for the current filter and sort (the next page asked
 * for only when the artist scrolls near the end of what is loaded) and the filter's total, which sizes
 * the virtual list from the start.
 */
import { useEffect, useMemo } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { useCurate } from '../curate/curate-store';
import { catalogFilter } from '../curate/filter';

export const PAGE_SIZE = 300;

export function useCatalogImages() {
  const filterState = useCurate((s) => s.filter);
  const sort = useCurate((s) => s.sort);
  const setIds = useCurate((s) => s.setIds);
  const filter = useMemo(() => catalogFilter(filterState), [filterState]);
  const count = useQuery({ queryKey: keys.count(filter), queryFn: () => studio.countImages(filter) });
  const pages = useInfiniteQuery({
    queryKey: keys.images(filter, sort),
    queryFn: ({ pageParam }) =>
      studio.queryImages({ ...filter, sort, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const images = useMemo(() => pages.data?.pages.flatMap((page) => page.images) ?? [], [pages.data]);
  useEffect(() => setIds(images.map((image) => image.id)), [images, setIds]);
  const total = pages.hasNextPage ? Math.max(count.data ?? 0, images.length) : images.length;
  return { images, total, pages, filter };
}

/** Every id the filter matches, in order (Ctrl+A over a folder bigger than what is loaded). */
export async function allIds(
  filter: ReturnType<typeof catalogFilter>,
  sort: { by: 'path' | 'mtime' | 'rating' | 'size'; direction: 'asc' | 'desc' },
) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await studio.queryImages({ ...filter, sort, limit: 1000, ...(cursor ? { cursor } : {}) });
    ids.push(...page.images.map((image) => image.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
