// The front door is the community feed: public images, newest first, with Latest / Following tabs and
// tag, style and artist filters kept in the URL. Visitors get a short welcome above it. The "following"
// feed needs a session, so signed out it invites to sign in and asks the API nothing.
// This is the page most visitors load first: only types come from the schema package here.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FeedGridSkeleton, FeedResults, useFeed } from '../../components/gallery/FeedGrid';
import { LocalLink } from '../../components/LocalLink';
import { Button, buttonClass } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/Feedback';
import { useDocumentTitle } from '../../components/ui/Page';
import { currentPath, signInHref, useMe } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { feedParamsFor, isFiltered, readFeedParams, type FeedFilters } from './feed-params';
import { FeedToolbar } from './FeedToolbar';
import { FollowedArtists, useFollowedArtists } from './FollowedArtists';
import { Welcome } from './Welcome';

const POPULAR_TAGS_SHOWN = 10;

export function HomePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  useDocumentTitle(t('home.title'));
  const [params, setParams] = useSearchParams();
  const filters = readFeedParams(params);
  const me = useMe();
  const signedOut = !me.data && !me.isPending;
  const following = filters.tab === 'following';

  const feed = useFeed(
    { following, tag: filters.tag, styleId: filters.styleId, artistId: filters.artistId },
    !following || !!me.data,
  );
  const popular = useQuery(trpc.styles.popularTags.queryOptions());
  const popularTags = (popular.data ?? []).slice(0, POPULAR_TAGS_SHOWN).map((tag) => tag.name);
  // Each change is a new history entry, so Back returns to the previous filters.
  const go = (next: FeedFilters) => setParams(feedParamsFor(next));

  return (
    <div className="flex flex-col gap-6 sm:gap-8">
      {signedOut && <Welcome />}
      <section aria-labelledby="feed-title" aria-busy={feed.query.isFetching}>
        <FeedToolbar
          filters={filters}
          onChange={go}
          popularTags={popularTags}
          styleName={feed.items.find((item) => item.style.id === filters.styleId)?.style.name}
          artistName={feed.items.find((item) => item.artist.id === filters.artistId)?.artist.displayName}
          headingLevel={signedOut ? 'h2' : 'h1'}
        />
        {following && !me.data ? (
          me.isPending ? (
            <FeedGridSkeleton />
          ) : (
            <EmptyState title={t('home.feed.following.signInTitle')}>
              <p>{t('home.feed.following.signInBody')}</p>
              <a href={signInHref(currentPath())} className={`${buttonClass('primary')} mt-4`}>
                {t('home.feed.following.signIn')}
              </a>
            </EmptyState>
          )
        ) : (
          <>
            {following && <FollowedArtists />}
            <FeedResults
              feed={feed}
              label={t('feed.grid.label')}
              empty={<FeedEmpty filters={filters} onClear={() => go({ tab: filters.tab })} />}
            />
          </>
        )}
      </section>
    </div>
  );
}

/** Why the feed is empty, and what to do about it. */
function FeedEmpty({ filters, onClear }: { filters: FeedFilters; onClear: () => void }) {
  const { t } = useTranslation();
  if (isFiltered(filters))
    return (
      <EmptyState title={t('home.feed.empty.filteredTitle')}>
        <p>{t('home.feed.empty.filteredBody')}</p>
        <Button look="secondary" className="mt-4" onClick={onClear}>
          {t('home.feed.filters.clear')}
        </Button>
      </EmptyState>
    );
  if (filters.tab === 'following') return <FollowingEmpty />;
  return (
    <EmptyState title={t('home.feed.empty.title')}>
      <p>{t('home.feed.empty.body')}</p>
      <LocalLink to="/search" className={`${buttonClass('primary')} mt-4`}>
        {t('home.feed.empty.action')}
      </LocalLink>
    </EmptyState>
  );
}

/** Following no one, or followed artists with nothing shared yet: one small question tells which. */
function FollowingEmpty() {
  const { t } = useTranslation();
  const follows = useFollowedArtists();
  if (follows.data && follows.data.items.length > 0)
    return (
      <EmptyState title={t('home.feed.following.emptyTitle')}>
        <p>{t('home.feed.following.emptyBody')}</p>
      </EmptyState>
    );
  return (
    <EmptyState title={t('home.feed.following.noFollowsTitle')}>
      <p>{t('home.feed.following.noFollowsBody')}</p>
      <LocalLink to="/search" className={`${buttonClass('primary')} mt-4`}>
        {t('home.feed.following.findArtists')}
      </LocalLink>
    </EmptyState>
  );
}
