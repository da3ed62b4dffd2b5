// An artist's public page (being built: issue 13).
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

export function ArtistPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { artistId = '' } = useParams();
  const artist = useQuery(trpc.artists.page.queryOptions({ artistId }));
  return <h1>{artist.data ? t('artists.title', { name: artist.data.displayName }) : null}</h1>;
}
