// A file that traced to no license, and what it carries instead: nothing of ours (an edited copy may have
// lost its mark, so the licensee's license id is the way back), another service's content credentials
// (not a Style License image), or ours no longer matching the bytes (changed after signing). The
// credentials' validity is shown as the server found it; we never call a broken signature ours-and-fine.
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { noMatchKind, type FileCredentials } from '../license-view';
import { StatusMark } from './StatusMark';

const BODY = {
  none: 'license.verify.result.noMatchBody',
  foreign: 'license.verify.result.foreignBody',
  changed: 'license.verify.result.changedBody',
  unlicensed: 'license.verify.result.unlicensedBody',
} as const;

export function NoMatchResult({
  credentials,
  onAnother,
}: {
  credentials: FileCredentials | undefined;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const kind = noMatchKind(credentials);
  return (
    <div role="status" className="rounded-xl border border-amber-200 bg-amber-50 p-5">
      <p className="flex items-center gap-3 font-semibold text-amber-950">
        <StatusMark genuine={false} />
        {kind === 'foreign'
          ? t('license.verify.result.foreignTitle')
          : t('license.verify.result.noMatchTitle')}
      </p>
      {credentials && <CredentialsFound credentials={credentials} />}
      <p className="mt-3 text-sm leading-relaxed text-stone-700">{t(BODY[kind])}</p>
      <Button look="secondary" size="sm" className="mt-4" onClick={onAnother}>
        {t('license.verify.result.another')}
      </Button>
    </div>
  );
}

/** Who signed the file's credentials, with what, and whether they hold (with the server's reason if not). */
function CredentialsFound({ credentials }: { credentials: FileCredentials }) {
  const { t } = useTranslation();
  const signer = credentials.signer ?? t('license.verify.result.unknownSigner');
  const from = credentials.generator
    ? t('license.verify.result.credentialsFrom', { signer, generator: credentials.generator })
    : t('license.verify.result.credentialsFromSigner', { signer });
  return (
    <div
      className="mt-4 rounded-lg border border-stone-200 bg-white px-4 py-3 text-sm"
      data-testid="credentials"
    >
      {/* Verdict beside the signer, so "Valid" reads as the credentials' and never as a license's. */}
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-medium break-words text-stone-900">{from}</span>
        <Badge tone={credentials.valid ? 'good' : 'bad'}>
          {credentials.valid
            ? t('license.verify.result.credentialsValid')
            : t('license.verify.result.credentialsInvalid')}
        </Badge>
      </p>
      {/* The server gives its reason in English only: marked so, a Korean page's screen reader reads it as English. */}
      {!credentials.valid && credentials.problem && (
        <p lang="en" className="mt-1 break-words text-stone-700">
          {credentials.problem}
        </p>
      )}
    </div>
  );
}
