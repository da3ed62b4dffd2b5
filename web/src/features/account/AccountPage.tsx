// The signed-in user's account: name, language, artist profile, sessions and signing out.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { PageHeader } from '../../components/ui/Page';
import { useTRPC } from '../../lib/trpc';
import { ArtistSection } from './components/ArtistSection';
import { LanguageSection } from './components/LanguageSection';
import { ProfileSection } from './components/ProfileSection';
import { SessionsSection } from './components/SessionsSection';
import { SignOutSection } from './components/SignOutSection';

export function AccountPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const profile = useQuery(trpc.profile.get.queryOptions());
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t('account.title')} />
      {profile.isPending ? (
        <Spinner />
      ) : profile.error ? (
        <ErrorNotice error={profile.error} onRetry={() => void profile.refetch()} />
      ) : (
        <div className="flex flex-col gap-5">
          <ProfileSection profile={profile.data} />
          <LanguageSection profile={profile.data} />
          <ArtistSection profile={profile.data} />
          <SessionsSection />
          <SignOutSection />
        </div>
      )}
    </div>
  );
}
