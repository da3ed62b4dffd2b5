// After a like (or anything else that changes a public image), the same image may be on screen in several
// lists at once: the home feed, an artist's page, its own page. Patching every cached copy keeps them in
// step without refetching whole infinite lists.
import type { QueryClient } from '@tanstack/react-query';
import type { FeedItem, FeedPage } from '@style-license/shared';
import type { useTRPC } from '../../lib/trpc';

type Patch = Partial<Pick<FeedItem, 'likeCount' | 'likedByMe' | 'commentCount' | 'description'>>;
type Infinite = { pages: FeedPage[]; pageParams: unknown[] };

function patchPage(page: FeedPage, id: string, patch: Patch): FeedPage {
  if (!page.items.some((item) => item.id === id)) return page;
  return { ...page, items: page.items.map((item) => (item.id === id ? { ...item, ...patch } : item)) };
}

export function patchCachedImage(
  queryClient: QueryClient,
  trpc: ReturnType<typeof useTRPC>,
  id: string,
  patch: Patch,
) {
  queryClient.setQueriesData<FeedPage | Infinite>({ queryKey: trpc.gallery.feed.pathKey() }, (data) => {
    if (!data) return data;
    if ('pages' in data) return { ...data, pages: data.pages.map((page) => patchPage(page, id, patch)) };
    return patchPage(data, id, patch);
  });
  queryClient.setQueryData(trpc.gallery.image.queryKey({ generationId: id }), (data) =>
    data ? { ...data, ...patch } : data,
  );
}
