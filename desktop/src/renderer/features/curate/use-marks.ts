/**
 * Rating and pick marks on the selection: the grid's loaded pages are patched at once (so a key press
 * shows immediately), then the catalog queries refresh (a filter on marks may drop or add images).
 */
import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '@style-license/web/lib/errors';
import { toast } from '@style-license/web/lib/toast';
import type { CatalogPage } from '../../../core/catalog/index';
import type { CatalogImage, Pick } from '../../../core/model';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { useCurate } from './curate-store';

function patchLoaded(queryClient: QueryClient, ids: readonly string[], patch: Partial<CatalogImage>) {
  const wanted = new Set(ids);
  queryClient.setQueriesData<InfiniteData<CatalogPage>>({ queryKey: [...keys.catalog, 'images'] }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            images: page.images.map((image) => (wanted.has(image.id) ? { ...image, ...patch } : image)),
          })),
        }
      : data,
  );
}

export function useMarks() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const onError = (error: unknown) => toast('error', describeError(error, t));
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.catalog });
  const rating = useMutation({
    mutationFn: (input: { ids: string[]; rating: number }) => studio.setRating(input),
    onMutate: ({ ids, rating: value }) => patchLoaded(queryClient, ids, { rating: value }),
    onError,
    onSettled: refresh,
  });
  const pick = useMutation({
    mutationFn: (input: { ids: string[]; pick: Pick }) => studio.setPick(input),
    onMutate: ({ ids, pick: value }) => patchLoaded(queryClient, ids, { pick: value }),
    onError,
    onSettled: refresh,
  });
  const selection = () => [...useCurate.getState().selected];
  return {
    setRating: (value: number) => {
      const ids = selection();
      if (ids.length) rating.mutate({ ids, rating: value });
    },
    setPick: (value: Pick) => {
      const ids = selection();
      if (ids.length) pick.mutate({ ids, pick: value });
    },
  };
}
