// Query keys of the studio's own data (the platform's come from tRPC): invalidating a prefix refreshes
// everything under it.
import type { CatalogFilter } from '../../core/catalog/index';
import type { SortState } from '../features/curate/filter';

export const keys = {
  all: ['studio'] as const,
  folders: ['studio', 'folders'] as const,
  catalog: ['studio', 'catalog'] as const,
  images: (filter: CatalogFilter, sort: SortState) => ['studio', 'catalog', 'images', filter, sort] as const,
  count: (filter: CatalogFilter) => ['studio', 'catalog', 'count', filter] as const,
  picked: ['studio', 'catalog', 'picked'] as const,
  selection: (ids: readonly string[]) => ['studio', 'catalog', 'selection', ids] as const,
  tagCounts: ['studio', 'catalog', 'tag-counts'] as const,
  history: ['studio', 'history'] as const,
  session: ['studio', 'session'] as const,
  uploads: ['studio', 'uploads'] as const,
};
