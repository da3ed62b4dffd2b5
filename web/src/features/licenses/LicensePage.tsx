// The license a signed file points to, as it was issued: genuine or not, who and what it covers, its
// terms in the page's language and the file's fingerprint.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LocalLink } from '../../components/LocalLink';
import { buttonClass } from '../../components/ui/Button';
import { ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { PageHeader } from '../../components/ui/Page';
import { useTRPCClient } from '../../lib/trpc';
import { LicenseDetails } from './components/LicenseDetails';
import { StatusMark } from './components/StatusMark';
import { parseLicenseId } from './license-view';

export function LicensePage() {
  const { licenseId: raw = '' } = useParams();
  const licenseId = parseLicenseId(raw);
  const client = useTRPCClient();
  // `licenses.verify` is a mutation (so that a file can travel in its body), but asking by id changes
  // nothing: cache it as the query it is.
  const verification = useQuery({
    queryKey: ['licenses', 'verify', licenseId],
    queryFn: () => client.licenses.verify.mutate({ licenseId: licenseId! }),
    enabled: licenseId !== null,
    staleTime: Infinity,
  });

  if (licenseId === null) return <InvalidLicense />;
  if (verification.isPending) return <Spinner />;
  if (verification.error)
    return <ErrorNotice error={verification.error} onRetry={() => void verification.refetch()} />;
  if (!verification.data.genuine) return <InvalidLicense />;
  return <LicenseDetails license={verification.data} />;
}

function InvalidLicense() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title={t('license.invalid.title')} />
      <div role="status" className="rounded-xl border border-red-200 bg-red-50 p-5 sm:p-6">
        <div className="flex items-start gap-4">
          <StatusMark genuine={false} />
          <p className="text-stone-800">{t('license.invalid.body')}</p>
        </div>
        <LocalLink to="/verify" className={`${buttonClass('secondary')} mt-5`}>
          {t('license.invalid.verify')}
        </LocalLink>
      </div>
    </div>
  );
}
