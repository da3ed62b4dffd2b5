// Above the grid: the tag filter, the marks to narrow by, and the sort.
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import { useCurate } from './curate-store';
import { isFiltered, SORT_BY, type PickFilter } from './filter';
import { TagFilter } from './TagFilter';

const selectClass = 'h-8 rounded-lg border border-stone-300 bg-white px-1 text-sm text-stone-800';
const PICKS: PickFilter[] = ['all', 'picked', 'rejected', 'none'];

export function FilterBar() {
  const { t } = useTranslation();
  const filter = useCurate((s) => s.filter);
  const sort = useCurate((s) => s.sort);
  const setFilter = useCurate((s) => s.setFilter);
  const resetFilter = useCurate((s) => s.resetFilter);
  const setSort = useCurate((s) => s.setSort);
  return (
    <div
      role="search"
      aria-label={t('desktop.filter.title')}
      className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-stone-200 bg-white px-3 py-2"
    >
      <TagFilter />
      <label className="flex items-center gap-1 text-sm text-stone-700">
        <input
          type="checkbox"
          checked={filter.untagged}
          onChange={(event) => setFilter({ untagged: event.target.checked })}
        />
        {t('desktop.filter.untagged')}
      </label>
      <select
        aria-label={t('desktop.filter.minRating')}
        value={filter.minRating}
        onChange={(event) => setFilter({ minRating: Number(event.target.value) })}
        className={selectClass}
      >
        {[0, 1, 2, 3, 4, 5].map((n) => (
          <option key={n} value={n}>
            {n === 0 ? t('desktop.filter.anyRating') : t('desktop.filter.atLeast', { count: n })}
          </option>
        ))}
      </select>
      <select
        aria-label={t('desktop.filter.picks')}
        value={filter.picks}
        onChange={(event) => setFilter({ picks: event.target.value as PickFilter })}
        className={selectClass}
      >
        {PICKS.map((pick) => (
          <option key={pick} value={pick}>
            {t(`desktop.filter.pick.${pick}`)}
          </option>
        ))}
      </select>
      <label className="flex items-center gap-1 text-sm text-stone-700">
        <input
          type="checkbox"
          checked={filter.problems}
          onChange={(event) => setFilter({ problems: event.target.checked })}
        />
        {t('desktop.filter.problems')}
      </label>
      <span className="ml-auto flex items-center gap-1">
        <select
          aria-label={t('desktop.filter.sort')}
          value={sort.by}
          onChange={(event) => setSort({ ...sort, by: event.target.value as (typeof SORT_BY)[number] })}
          className={selectClass}
        >
          {SORT_BY.map((by) => (
            <option key={by} value={by}>
              {t(`desktop.filter.sortBy.${by}`)}
            </option>
          ))}
        </select>
        <Button
          look="ghost"
          size="sm"
          onClick={() => setSort({ ...sort, direction: sort.direction === 'asc' ? 'desc' : 'asc' })}
          aria-label={
            sort.direction === 'asc' ? t('desktop.filter.ascending') : t('desktop.filter.descending')
          }
        >
          {sort.direction === 'asc' ? '↑' : '↓'}
        </Button>
        {isFiltered(filter) && (
          <Button look="ghost" size="sm" onClick={resetFilter}>
            {t('desktop.filter.clear')}
          </Button>
        )}
      </span>
    </div>
  );
}
