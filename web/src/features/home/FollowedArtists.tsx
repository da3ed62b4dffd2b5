// The artists I follow, above the "following" feed: who its images come from, each a way to their page.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../components/LocalLink';
import { useTRPC } from '../../lib/trpc';

const SHOWN = 30;

/** The artists I follow, as far as the tab shows them: one request, also telling whether there are any. */
export function useFollowedArtists() {
  const trpc = useTRPC();
  return useQuery(trpc.follows.mine.queryOptions({ limit: SHOWN }));
}

export function FollowedArtists() {
  const { t } = useTranslation();
  const follows = useFollowedArtists();
  const artists = follows.data?.items ?? [];
  if (artists.length === 0) return null;
  return (
    <nav aria-labelledby="followed-artists" className="mb-5 flex flex-col gap-2">
      <h2 id="followed-artists" className="text-sm font-medium text-stone-600">
        {t('home.feed.following.artists')}
      </h2>
      <ul className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-1">
        {artists.map((artist) => (
          <li key={artist.id} className="shrink-0">
            <LocalLink
              to={`/artists/${artist.id}`}
              className="flex h-9 items-center gap-2 rounded-full border border-stone-200 bg-white pr-3 pl-1 text-sm font-medium text-stone-800 hover:border-violet-300 hover:text-violet-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600"
            >
              {artist.avatarUrl ? (
                <img src={artist.avatarUrl} alt="" className="size-7 rounded-full object-cover" />
              ) : (
                <span
                  aria-hidden="true"
                  className="flex size-7 items-center justify-center rounded-full bg-gradient-to-br from-violet-500 to-rose-400 text-xs font-semibold text-white"
                >
                  {[...artist.displayName][0]?.toUpperCase()}
                </span>
              )}
              {artist.displayName}
            </LocalLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
