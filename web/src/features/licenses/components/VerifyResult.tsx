// The answer to a check by file: genuine with the license's summary and a link to its page, or no match,
// with why an edited copy cannot match and how it stays licensed.
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../../components/LocalLink';
import { Button, buttonClass } from '../../../components/ui/Button';
import type { Verification } from '../license-view';
import { StatusMark } from './StatusMark';

export function VerifyResult({
  result,
  fileName,
  onAnother,
}: {
  result: Verification;
  fileName: string;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  if (!result.genuine)
    return (
      <div role="status" className="rounded-xl border border-amber-200 bg-amber-50 p-5">
        <p className="flex items-center gap-3 font-semibold text-amber-950">
          <StatusMark genuine={false} />
          {t('license.verify.result.noMatchTitle')}
        </p>
        <p className="mt-3 text-sm leading-relaxed text-stone-700">
          {t('license.verify.result.noMatchBody')}
        </p>
        <Button look="secondary" size="sm" className="mt-4" onClick={onAnother}>
          {t('license.verify.result.another')}
        </Button>
      </div>
    );

  const rows = [
    [t('license.parties.style'), result.styleName],
    [t('license.parties.artist'), result.artistName],
    [t('license.parties.licensee'), result.licenseeName],
    [t('license.genuine.issuedAt'), t('license.genuine.issuedAtValue', { when: new Date(result.issuedAt) })],
  ] as const;
  return (
    <div role="status" className="rounded-xl border border-emerald-200 bg-emerald-50/60 p-5">
      <p className="flex items-center gap-3 font-semibold text-emerald-900">
        <StatusMark genuine />
        {t('license.verify.result.genuineTitle')}
      </p>
      <p className="mt-3 text-sm break-words text-stone-700">
        {t('license.verify.result.genuineBody', { file: fileName, licenseId: result.licenseId })}
      </p>
      <dl className="mt-4 grid gap-3 sm:grid-cols-2">
        {rows.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-xs font-medium tracking-wide text-stone-500 uppercase">{label}</dt>
            <dd className="mt-0.5 break-words text-stone-900">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-5 flex flex-wrap gap-3">
        <LocalLink to={`/licenses/${result.licenseId}`} className={buttonClass('primary', 'md')}>
          {t('license.verify.result.openLicense')}
        </LocalLink>
        <Button look="secondary" onClick={onAnother}>
          {t('license.verify.result.another')}
        </Button>
      </div>
    </div>
  );
}
