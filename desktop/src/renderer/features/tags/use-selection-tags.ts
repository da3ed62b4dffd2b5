// The selection's tags, each with how many of the selected pictures carry it ("n/m").
import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { selectedInOrder, useCurate } from '../curate/curate-store';

export interface SelectionTag {
  tag: string;
  count: number;
}

export function useSelectionIds(): string[] {
  const key = useCurate((s) => selectedInOrder(s).join(','));
  return useMemo(() => (key ? key.split(',') : []), [key]);
}

export function useSelectionTags(ids: string[]) {
  const images = useQuery({
    queryKey: keys.selection(ids),
    queryFn: () => studio.getImages({ ids }),
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
  });
  const tags = useMemo(() => {
    if (ids.length === 0) return [];
    const counts = new Map<string, number>();
    for (const image of images.data ?? [])
      for (const tag of image.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    // In the order the first images list them: a caption's order matters (a trigger word leads).
    return [...counts].map(([tag, count]): SelectionTag => ({ tag, count }));
  }, [images.data, ids.length]);
  return { tags, images };
}
