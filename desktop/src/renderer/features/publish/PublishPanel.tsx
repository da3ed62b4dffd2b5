// Publishing: sign in through the browser, choose or create a style, upload the picked pictures, train.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { usePublish } from './publish-store';
import { StylePicker } from './StylePicker';
import { TrainingSection } from './TrainingSection';
import { UploadSection } from './UploadSection';
import { useSession } from './use-session';

function SignedOut({ session }: { session: ReturnType<typeof useSession> }) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-stone-700">{t('desktop.publish.signedOut')}</p>
      <Button busy={session.signIn.isPending} onClick={() => session.signIn.mutate()}>
        {t('desktop.publish.signIn')}
      </Button>
      {session.signIn.isPending && (
        <div className="flex items-center justify-between gap-2">
          <p role="status" className="text-xs text-stone-600">
            {t('desktop.publish.waitingForBrowser')}
          </p>
          <Button look="secondary" size="sm" onClick={() => session.cancelSignIn.mutate()}>
            {t('desktop.publish.cancelSignIn')}
          </Button>
        </div>
      )}
    </div>
  );
}

export function PublishPanel() {
  const { t } = useTranslation();
  const session = useSession();
  const styleId = usePublish((s) => s.styleId);
  const uploads = useQuery({ queryKey: keys.uploads, queryFn: () => studio.uploadReport() });
  const uploading = (uploads.data?.pending ?? 0) > 0;
  return (
    <section aria-labelledby="publish-title" className="flex flex-col gap-3">
      <h2 id="publish-title" className="text-base font-semibold text-stone-900">
        {t('desktop.publish.title')}
      </h2>
      {session.session.isSuccess && !session.signedIn && <SignedOut session={session} />}
      {session.signedIn && (
        <>
          <StylePicker />
          {styleId && <UploadSection styleId={styleId} />}
          {styleId && <TrainingSection styleId={styleId} uploading={uploading} />}
        </>
      )}
    </section>
  );
}
