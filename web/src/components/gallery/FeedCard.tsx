// One public image in a feed grid: its preview (a link to the image's page), its style and artist (links),
// who shared it, and the like button and comment count, so a reader can like without leaving the grid.
import { useTranslation } from 'react-i18next';
import type { FeedItem } from '@style-license/shared';
import { LocalLink } from '../LocalLink';
import { Badge } from '../ui/Badge';
import { LikeButton } from './LikeButton';

function CommentIcon() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5" fill="none" stroke="currentColor">
      <path
        strokeWidth="2"
        strokeLinejoin="round"
        d="M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z"
      />
    </svg>
  );
}

const linkFocus =
  'rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600';

export function FeedCard({ item, showArtist = true }: { item: FeedItem; showArtist?: boolean }) {
  const { t } = useTranslation();
  const imagePath = `/images/${item.id}`;
  const comments = t('feed.card.comments', { count: item.commentCount });
  return (
    <article className="flex w-full flex-col overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm transition-shadow hover:shadow-md">
      <div className="relative">
        <LocalLink
          to={imagePath}
          className="block focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-violet-600"
        >
          <img
            src={item.previewUrl}
            alt={t('feed.card.imageAlt', { style: item.style.name, owner: item.owner.displayName })}
            loading="lazy"
            decoding="async"
            className="aspect-square w-full bg-stone-100 object-cover"
          />
        </LocalLink>
        {item.demo && (
          <span className="pointer-events-none absolute top-2 left-2">
            <Badge tone="accent">{t('common.demo')}</Badge>
          </span>
        )}
      </div>
      <div className="flex flex-1 flex-col gap-0.5 px-3 pt-2.5 pb-2">
        <LocalLink
          to={`/styles/${item.style.id}`}
          className={`truncate text-sm font-semibold text-stone-900 hover:text-violet-800 hover:underline ${linkFocus}`}
        >
          {item.style.name}
        </LocalLink>
        {showArtist && (
          <LocalLink
            to={`/artists/${item.artist.id}`}
            className={`truncate text-sm text-stone-600 hover:text-violet-800 hover:underline ${linkFocus}`}
          >
            {t('feed.card.artist', { name: item.artist.displayName })}
          </LocalLink>
        )}
        <p className="truncate text-xs text-stone-500">
          {t('feed.card.owner', { name: item.owner.displayName })}
        </p>
        <div className="mt-auto -mb-1 flex items-center gap-1 pt-1 -ml-2.5">
          <LikeButton generationId={item.id} liked={item.likedByMe} likeCount={item.likeCount} />
          <LocalLink
            to={imagePath}
            aria-label={comments}
            title={comments}
            className="inline-flex h-9 min-w-9 items-center justify-center gap-1.5 rounded-full px-2.5 text-sm font-medium text-stone-600 tabular-nums hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600"
          >
            <CommentIcon />
            <span aria-hidden="true">{item.commentCount}</span>
          </LocalLink>
        </div>
      </div>
    </article>
  );
}
