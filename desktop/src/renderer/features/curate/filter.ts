// The filter bar's state and the catalog filter it makes (a boolean tag expression and the marks).
import type { CatalogFilter, TagExpression } from '../../../core/catalog/index';
import type { SortKey } from '../../../core/catalog/inputs';

export type PickFilter = 'all' | 'picked' | 'rejected' | 'none';

export interface FilterState {
  /** Tags the images must carry: all of them, or any one (`mode`). */
  include: string[];
  mode: 'all' | 'any';
  /** Tags the images must not carry. */
  exclude: string[];
  untagged: boolean;
  minRating: number;
  picks: PickFilter;
  problems: boolean;
}

export interface SortState {
  by: SortKey;
  direction: 'asc' | 'desc';
}

export const SORT_BY: readonly SortKey[] = ['path', 'mtime', 'rating', 'size'];

export const EMPTY_FILTER: FilterState = {
  include: [],
  mode: 'all',
  exclude: [],
  untagged: false,
  minRating: 0,
  picks: 'all',
  problems: false,
};

export function tagExpression(filter: FilterState): TagExpression | undefined {
  const parts: TagExpression[] = [];
  const wanted = filter.include.map((tag) => ({ tag }));
  if (wanted.length === 1) parts.push(wanted[0]!);
  else if (wanted.length > 1) parts.push(filter.mode === 'all' ? { and: wanted } : { or: wanted });
  for (const tag of filter.exclude) parts.push({ not: { tag } });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}

export function catalogFilter(filter: FilterState): CatalogFilter {
  const result: CatalogFilter = {};
  const tags = tagExpression(filter);
  if (tags) result.tags = tags;
  if (filter.untagged) result.untagged = true;
  if (filter.minRating > 0) result.minRating = filter.minRating;
  if (filter.picks !== 'all') result.picks = [filter.picks];
  if (filter.problems) result.problems = ['corrupt', 'too_small', 'wrong_format'];
  return result;
}

export const isFiltered = (filter: FilterState) => JSON.stringify(filter) !== JSON.stringify(EMPTY_FILTER);
