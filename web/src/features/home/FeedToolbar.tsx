// Above the feed: its heading with the Latest / Following tabs, a tag filter (typed, or one of the popular
// tags), and the filters in force as chips, each with a remove button. Every change is a URL change made by
// the caller, so Back undoes it.
import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MAX_TAG_LENGTH } from '@style-license/shared';
import { Button } from '../../components/ui/Button';
import { inputClass } from '../../components/ui/Field';
import { feedParamsFor, readTag, type FeedFilters, type FeedTab } from './feed-params';

const TABS: FeedTab[] = ['latest', 'following'];
const chipFocus = 'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-violet-600';

export function FeedToolbar({
  filters,
  onChange,
  popularTags,
  styleName,
  artistName,
  headingLevel,
}: {
  filters: FeedFilters;
  onChange: (next: FeedFilters) => void;
  popularTags: string[];
  /** The filtered style's and artist's names, once an image in the feed told them. */
  styleName?: string;
  artistName?: string;
  /** h1 when nothing above it is the page's title (the welcome is not shown). */
  headingLevel: 'h1' | 'h2';
}) {
  const { t } = useTranslation();
  const Heading = headingLevel;
  return (
    <div className="mb-5 flex flex-col gap-3 sm:mb-6">
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2">
        <Heading
          id="feed-title"
          className={`font-semibold tracking-tight text-stone-900 ${headingLevel === 'h1' ? 'text-xl sm:text-3xl' : 'text-xl sm:text-2xl'}`}
        >
          {t('home.feed.title')}
        </Heading>
        <nav aria-label={t('home.feed.tabs.label')} className="inline-flex rounded-lg bg-stone-200/70 p-1">
          {TABS.map((tab) => {
            const current = filters.tab === tab;
            return (
              <Link
                key={tab}
                to={{ search: feedParamsFor({ ...filters, tab }).toString() }}
                aria-current={current ? 'page' : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium sm:px-4 ${chipFocus} ${current ? 'bg-white text-stone-900 shadow-sm' : 'text-stone-600 hover:text-stone-900'}`}
              >
                {t(`home.feed.tabs.${tab}`)}
              </Link>
            );
          })}
        </nav>
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-3">
        <TagFilter
          key={filters.tag ?? ''}
          suggestions={popularTags}
          onTag={(tag) => onChange({ ...filters, tag })}
        />
        {popularTags.length > 0 && (
          <ul
            aria-label={t('home.feed.tag.popular')}
            className="-mx-4 flex min-w-0 gap-1.5 overflow-x-auto px-4 pb-1 sm:mx-0 sm:flex-wrap sm:overflow-visible sm:px-0 sm:pb-0"
          >
            {popularTags.map((tag) => {
              const on = filters.tag === tag;
              return (
                <li key={tag} className="shrink-0">
                  <button
                    type="button"
                    aria-pressed={on}
                    onClick={() => onChange({ ...filters, tag: on ? undefined : tag })}
                    className={`rounded-full px-3 py-1 text-sm ${chipFocus} ${on ? 'bg-violet-700 text-white' : 'bg-white text-stone-700 ring-1 ring-stone-200 hover:bg-violet-50 hover:text-violet-900'}`}
                  >
                    {tag}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <ActiveFilters filters={filters} onChange={onChange} styleName={styleName} artistName={artistName} />
    </div>
  );
}

/**
 * A typed tag, with the popular ones offered as the browser's own suggestions. It starts empty: the tag in
 * force is shown (and removed) among the active filters, and a blank entry changes nothing.
 */
function TagFilter({ suggestions, onTag }: { suggestions: string[]; onTag: (tag: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const tag = readTag(new FormData(event.currentTarget).get('tag') as string | null);
    if (tag) onTag(tag);
  };
  return (
    <form role="search" onSubmit={submit} className="flex shrink-0 gap-2 sm:w-72">
      <label htmlFor={id} className="sr-only">
        {t('home.feed.tag.label')}
      </label>
      <input
        id={id}
        name="tag"
        type="search"
        maxLength={MAX_TAG_LENGTH * 2}
        placeholder={t('home.feed.tag.placeholder')}
        list={`${id}-suggestions`}
        className={`${inputClass} h-9 min-w-0 flex-1`}
      />
      <datalist id={`${id}-suggestions`}>
        {suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <Button type="submit" look="secondary" size="sm" className="h-9">
        {t('home.feed.tag.apply')}
      </Button>
    </form>
  );
}

function ActiveFilters({
  filters,
  onChange,
  styleName,
  artistName,
}: {
  filters: FeedFilters;
  onChange: (next: FeedFilters) => void;
  styleName?: string;
  artistName?: string;
}) {
  const { t } = useTranslation();
  const chips = [
    filters.tag && {
      key: 'tag',
      label: t('home.feed.filters.tag', { name: filters.tag }),
      without: { ...filters, tag: undefined },
    },
    filters.styleId && {
      key: 'style',
      label: t('home.feed.filters.style', { name: styleName ?? t('home.feed.filters.anyStyle') }),
      without: { ...filters, styleId: undefined },
    },
    filters.artistId && {
      key: 'artist',
      label: t('home.feed.filters.artist', { name: artistName ?? t('home.feed.filters.anyArtist') }),
      without: { ...filters, artistId: undefined },
    },
  ].filter((chip) => !!chip);
  if (chips.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ul aria-label={t('home.feed.filters.label')} className="flex flex-wrap gap-2">
        {chips.map((chip) => (
          <li
            key={chip.key}
            className="inline-flex max-w-full items-center gap-1 rounded-full bg-violet-100 py-1 pr-1 pl-3 text-sm text-violet-900"
          >
            <span className="truncate">{chip.label}</span>
            <button
              type="button"
              onClick={() => onChange(chip.without)}
              aria-label={t('home.feed.filters.remove', { name: chip.label })}
              className={`flex size-6 shrink-0 items-center justify-center rounded-full hover:bg-violet-200 ${chipFocus}`}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      {chips.length > 1 && (
        <Button look="ghost" size="sm" onClick={() => onChange({ tab: filters.tab })}>
          {t('home.feed.filters.clear')}
        </Button>
      )}
    </div>
  );
}
