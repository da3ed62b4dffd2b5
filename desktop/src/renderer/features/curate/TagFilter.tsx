// The boolean tag filter: tags the pictures must have (all of them or any), and tags they must not have
// (typed with a leading "-", or flipped on the chip).
import { useId, useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { normaliseTag } from '@style-license/shared';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { useCurate } from './curate-store';

const chipClass = 'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium';

export function TagFilter() {
  const { t } = useTranslation();
  const listId = useId();
  const filter = useCurate((s) => s.filter);
  const setFilter = useCurate((s) => s.setFilter);
  const [text, setText] = useState('');
  const counts = useQuery({ queryKey: keys.tagCounts, queryFn: () => studio.tagCounts() });

  function add(raw: string) {
    const not = raw.startsWith('-');
    const tag = normaliseTag(not ? raw.slice(1) : raw);
    if (!tag) return;
    const include = filter.include.filter((each) => each !== tag);
    const exclude = filter.exclude.filter((each) => each !== tag);
    setFilter(not ? { include, exclude: [...exclude, tag] } : { include: [...include, tag], exclude });
    setText('');
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      add(text);
    }
  };
  const flip = (tag: string, toExclude: boolean) =>
    setFilter(
      toExclude
        ? { include: filter.include.filter((each) => each !== tag), exclude: [...filter.exclude, tag] }
        : { exclude: filter.exclude.filter((each) => each !== tag), include: [...filter.include, tag] },
    );
  const drop = (tag: string) =>
    setFilter({
      include: filter.include.filter((each) => each !== tag),
      exclude: filter.exclude.filter((each) => each !== tag),
    });

  return (
    <div className="flex min-w-0 flex-wrap items-center gap-1.5">
      <input
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        list={listId}
        aria-label={t('desktop.filter.tagLabel')}
        placeholder={t('desktop.filter.tagPlaceholder')}
        className="h-8 w-44 rounded-lg border border-stone-300 bg-white px-2 text-sm"
      />
      <datalist id={listId}>
        {counts.data?.slice(0, 200).map(({ tag }) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
      {filter.include.length > 1 && (
        <select
          aria-label={t('desktop.filter.modeLabel')}
          value={filter.mode}
          onChange={(event) => setFilter({ mode: event.target.value === 'any' ? 'any' : 'all' })}
          className="h-8 rounded-lg border border-stone-300 bg-white px-1 text-sm"
        >
          <option value="all">{t('desktop.filter.all')}</option>
          <option value="any">{t('desktop.filter.any')}</option>
        </select>
      )}
      {filter.include.map((tag) => (
        <span key={`+${tag}`} className={`${chipClass} bg-violet-100 text-violet-900`}>
          <button type="button" onClick={() => flip(tag, true)} title={t('desktop.filter.makeNot')}>
            {tag}
          </button>
          <button type="button" aria-label={t('desktop.filter.removeTag', { tag })} onClick={() => drop(tag)}>
            ×
          </button>
        </span>
      ))}
      {filter.exclude.map((tag) => (
        <span key={`-${tag}`} className={`${chipClass} bg-red-100 text-red-900`}>
          <button type="button" onClick={() => flip(tag, false)} title={t('desktop.filter.makeWith')}>
            {t('desktop.filter.not', { tag })}
          </button>
          <button type="button" aria-label={t('desktop.filter.removeTag', { tag })} onClick={() => drop(tag)}>
            ×
          </button>
        </span>
      ))}
    </div>
  );
}
