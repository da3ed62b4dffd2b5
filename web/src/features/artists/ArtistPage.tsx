// An artist's public page: who they are (with the follow button and follower count), the styles they sell,
// and the public images made in those styles. An id that names no artist gets a friendly not-found state,
// a malformed one too (the API refuses it as invalid, which means the same to a reader).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ArtistPage as ArtistPageData } from '@style-license/shared';
import { FollowButton } from '../../components/gallery/FollowButton';
import { FeedSection } from '../../components/gallery/FeedSection';
import { LocalLink } from '../../components/LocalLink';
import { StyleGrid, StyleGridSkeleton } from '../../components/styles/StyleCard';
import { Badge } from '../../components/ui/Badge';
import { Button, buttonClass } from '../../components/ui/Button';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { PageHeader, useDocumentTitle } from '../../components/ui/Page';
import { errorCodeOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

const STYLES_PAGE = 8;

export function ArtistPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { artistId = '' } = useParams();
  const artist = useQuery(trpc.artists.page.queryOptions({ artistId }, { retry: false }));
  const code = artist.error ? errorCodeOf(artist.error) : null;
  const missing = code === 'NOT_FOUND' || code === 'VALIDATION_FAILED';
  useDocumentTitle(
    artist.data ? t('artists.title', { name: artist.data.displayName }) : t('artists.notFound.title'),
  );

  if (missing)
    return (
      <div className="mx-auto max-w-lg py-10">
        <PageHeader title={t('artists.notFound.title')} />
        <p className="mb-6 text-stone-700">{t('artists.notFound.body')}</p>
        <LocalLink to="/" className={buttonClass()}>
          {t('artists.notFound.home')}
        </LocalLink>
      </div>
    );
  if (artist.error) return <ErrorNotice error={artist.error} onRetry={() => void artist.refetch()} />;
  if (!artist.data) return <Spinner />;

  return (
    <div className="flex flex-col gap-10 sm:gap-12">
      <Profile artist={artist.data} />
      <ArtistStyles artistId={artist.data.id} />
      <ArtistImages artistId={artist.data.id} />
    </div>
  );
}

function Profile({ artist }: { artist: ArtistPageData }) {
  const { t } = useTranslation();
  return (
    // Avatar and name side by side even on a phone; the follow button wraps below there.
    <header className="flex flex-wrap items-center gap-4 rounded-2xl border border-stone-200 bg-white p-5 shadow-sm sm:flex-nowrap sm:gap-x-6 sm:p-7">
      <Avatar name={artist.displayName} url={artist.avatarUrl} />
      <div className="min-w-0 flex-1 basis-48">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-stone-900 sm:text-3xl">
            {artist.displayName}
          </h1>
          {artist.demo && <Badge tone="accent">{t('common.demo')}</Badge>}
        </div>
        <p className="mt-1 flex flex-col text-sm text-stone-600 sm:flex-row sm:gap-x-2">
          <span aria-live="polite" className="font-medium text-stone-800">
            {t('feed.follow.followers', { count: artist.followerCount })}
          </span>
          <span aria-hidden="true" className="hidden sm:inline">
            ·
          </span>
          <span>{t('artists.joined', { when: new Date(artist.joinedAt) })}</span>
        </p>
        {artist.bio && <p className="mt-3 max-w-2xl whitespace-pre-line text-stone-700">{artist.bio}</p>}
      </div>
      <div className="shrink-0">
        <FollowButton artistId={artist.id} artistName={artist.displayName} following={artist.followedByMe} />
      </div>
    </header>
  );
}

function Avatar({ name, url }: { name: string; url: string | null }) {
  const box = 'size-16 shrink-0 rounded-full sm:size-24';
  if (url) return <img src={url} alt="" className={`${box} bg-stone-100 object-cover`} />;
  return (
    <span
      aria-hidden="true"
      className={`${box} flex items-center justify-center bg-gradient-to-br from-violet-600 to-rose-500 text-2xl font-semibold text-white sm:text-4xl`}
    >
      {Array.from(name.trim())[0]?.toUpperCase() ?? ''}
    </span>
  );
}

function ArtistStyles({ artistId }: { artistId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const styles = useInfiniteQuery(
    trpc.styles.search.infiniteQueryOptions(
      { artistId, sort: 'newest', limit: STYLES_PAGE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = styles.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="artist-styles">
      <h2 id="artist-styles" className="mb-4 text-xl font-semibold text-stone-900">
        {t('artists.styles.title')}
      </h2>
      {styles.error && !styles.data ? (
        <ErrorNotice error={styles.error} onRetry={() => void styles.refetch()} />
      ) : !styles.data ? (
        <StyleGridSkeleton />
      ) : items.length === 0 ? (
        <EmptyState title={t('artists.styles.empty')} />
      ) : (
        <>
          <StyleGrid styles={items} label={t('artists.styles.title')} />
          {styles.hasNextPage && (
            <div className="mt-6 flex justify-center">
              <Button
                look="secondary"
                busy={styles.isFetchingNextPage}
                onClick={() => void styles.fetchNextPage()}
              >
                {t('common.actions.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function ArtistImages({ artistId }: { artistId: string }) {
  const { t } = useTranslation();
  return (
    <FeedSection
      id="artist-images"
      title={t('artists.images.title')}
      filter={{ artistId }}
      showArtist={false}
      empty={<EmptyState title={t('artists.images.empty')} />}
    />
  );
}
