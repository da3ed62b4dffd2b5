// A style in a grid (home and search): its sample, name, artist, price and tags; the whole card is one link.
import { useTranslation } from 'react-i18next';
import type { StyleSummary } from '@style-license/shared';
import { LocalLink } from '../LocalLink';
import { Badge } from '../ui/Badge';

export function StyleCard({ style }: { style: StyleSummary }) {
  const { t } = useTranslation();
  return (
    <article className="group relative flex w-full flex-col overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm transition-shadow focus-within:ring-2 focus-within:ring-violet-600 hover:shadow-md">
      <StyleThumbnail
        url={style.thumbnailUrl}
        alt={t('style.card.thumbnailAlt', { name: style.name })}
        className="aspect-square w-full"
      />
      {style.demo && (
        <span className="absolute top-2 left-2">
          <Badge tone="accent">{t('common.demo')}</Badge>
        </span>
      )}
      <div className="flex flex-1 flex-col gap-2 p-3 sm:p-4">
        <h3 className="text-base leading-snug font-semibold text-stone-900">
          {/* The stretched link makes the whole card clickable while keeping one link in the tab order. */}
          <LocalLink
            to={`/styles/${style.id}`}
            className="outline-none after:absolute after:inset-0 after:content-['']"
          >
            {style.name}
          </LocalLink>
        </h3>
        <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
          <p className="min-w-0 truncate text-sm text-stone-600">
            {t('style.card.by', { name: style.artist.displayName })}
          </p>
          <span className="shrink-0 rounded-full bg-violet-50 px-2 py-0.5 text-sm font-medium text-violet-800">
            {t('common.tokens', { count: style.priceTokens })}
          </span>
        </div>
        {style.tags.length > 0 && (
          <ul className="mt-auto flex flex-wrap gap-1 pt-1">
            {style.tags.slice(0, 4).map((tag) => (
              <li key={tag} className="rounded-full bg-stone-100 px-2 py-0.5 text-xs text-stone-600">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </div>
    </article>
  );
}

/** A sample image, or a soft placeholder when training has not made one (or it failed to load). */
export function StyleThumbnail({
  url,
  alt,
  className = '',
}: {
  url: string | null;
  alt: string;
  className?: string;
}) {
  const { t } = useTranslation();
  if (!url)
    return (
      <div
        role="img"
        aria-label={t('style.card.noPreview')}
        className={`flex items-center justify-center bg-gradient-to-br from-violet-100 via-stone-100 to-amber-50 text-stone-400 ${className}`}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="size-10"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path d="M4 16l4-4 4 4 3-3 5 5M4 5h16v14H4z" strokeLinejoin="round" />
          <circle cx="15.5" cy="8.5" r="1.5" />
        </svg>
      </div>
    );
  return <img src={url} alt={alt} loading="lazy" className={`bg-stone-100 object-cover ${className}`} />;
}

/** Cards in a responsive grid: two columns on a phone, four on a desktop. */
export function StyleGrid({ styles, label }: { styles: StyleSummary[]; label?: string }) {
  return (
    <ul aria-label={label} className="grid grid-cols-2 gap-3 sm:gap-5 md:grid-cols-3 lg:grid-cols-4">
      {styles.map((style) => (
        <li key={style.id} className="flex">
          <StyleCard style={style} />
        </li>
      ))}
    </ul>
  );
}

/** Grey cards while a grid loads, so the page does not jump. */
export function StyleGridSkeleton({ count = 4 }: { count?: number }) {
  return (
    <div aria-hidden="true" className="grid grid-cols-2 gap-3 sm:gap-5 md:grid-cols-3 lg:grid-cols-4">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="animate-pulse overflow-hidden rounded-xl border border-stone-200 bg-white">
          <div className="aspect-square bg-stone-100" />
          <div className="space-y-2 p-4">
            <div className="h-4 w-2/3 rounded bg-stone-100" />
            <div className="h-3 w-1/2 rounded bg-stone-100" />
          </div>
        </div>
      ))}
    </div>
  );
}
