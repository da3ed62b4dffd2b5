// The artist profile (contact email, artist since) with the way to the studio, or the way to become one.
import { useTranslation } from 'react-i18next';
import type { Profile } from '@style-license/shared';
import { LocalLink } from '../../../components/LocalLink';
import { buttonClass } from '../../../components/ui/Button';
import { Card } from './Card';

export function ArtistSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const artist = profile.artist;
  if (!artist)
    return (
      <Card
        id="account-artist"
        title={t('account.artist.notArtistTitle')}
        lead={t('account.artist.notArtistBody')}
      >
        <LocalLink to="/artist/apply" className={buttonClass('primary')}>
          {t('account.artist.become')}
        </LocalLink>
      </Card>
    );
  return (
    <Card id="account-artist" title={t('account.artist.title')}>
      <dl className="grid gap-4 sm:grid-cols-2">
        <div className="min-w-0">
          <dt className="text-sm font-medium text-stone-600">{t('account.artist.contactEmail')}</dt>
          <dd className="mt-1 break-words text-stone-900">{artist.contactEmail}</dd>
          <dd className="text-xs text-stone-500">{t('account.artist.contactEmailHint')}</dd>
        </div>
        <div>
          <dt className="text-sm font-medium text-stone-600">{t('account.artist.since')}</dt>
          <dd className="mt-1 text-stone-900">
            {t('account.artist.sinceValue', { when: new Date(artist.artistSince) })}
          </dd>
        </div>
      </dl>
      <LocalLink to="/studio" className={`${buttonClass('secondary')} mt-5`}>
        {t('account.artist.studio')}
      </LocalLink>
    </Card>
  );
}
