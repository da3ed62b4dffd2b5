// A titled slice of the feed on another page (an artist's images, a style's images), with a link to the
// same filter on the home feed once there is something to see.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLocalePath } from '../../lib/use-locale';
import { FeedResults, useFeed } from './FeedGrid';

export function FeedSection({
  id,
  title,
  filter,
  empty,
  showArtist,
  className = '',
}: {
  /** The heading's id, which labels the section. */
  id: string;
  title: string;
  filter: { styleId: string } | { artistId: string };
  empty: ReactNode;
  showArtist?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const localePath = useLocalePath();
  const feed = useFeed(filter);
  const search = 'styleId' in filter ? `?style=${filter.styleId}` : `?artist=${filter.artistId}`;
  return (
    <section aria-labelledby={id} className={className}>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
        <h2 id={id} className="text-lg font-semibold text-stone-900 sm:text-xl">
          {title}
        </h2>
        {feed.items.length > 0 && (
          <Link
            to={{ pathname: localePath('/'), search }}
            className="text-sm font-medium text-violet-700 hover:underline"
          >
            {t('feed.grid.inFeed')}
            <span aria-hidden="true"> →</span>
          </Link>
        )}
      </div>
      <FeedResults feed={feed} label={title} showArtist={showArtist} empty={empty} />
    </section>
  );
}
