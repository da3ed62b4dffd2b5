// The answer to a check by file: genuine, saying which evidence traced it (the exact file, our content
// credentials, or the invisible mark an edited copy keeps) and how strongly, with the license's summary and
// a link to its page; or no match (NoMatchResult).
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../../components/LocalLink';
import { Badge, type BadgeTone } from '../../../components/ui/Badge';
import { Button, buttonClass } from '../../../components/ui/Button';
import { confidenceShown, type Evidence, type GenuineLicense, type Verification } from '../license-view';
import { NoMatchResult } from './NoMatchResult';
import { StatusMark } from './StatusMark';

// An edited copy is as licensed as the original, but a visitor should see at a glance that it is not the
// file issued: the mark's label stands apart from the exact-file label.
const EVIDENCE = {
  file_hash: {
    tone: 'good',
    badge: 'license.verify.result.exact.badge',
    body: 'license.verify.result.exact.body',
  },
  license_mark: {
    tone: 'accent',
    badge: 'license.verify.result.mark.badge',
    body: 'license.verify.result.mark.body',
  },
  content_credentials: {
    tone: 'good',
    badge: 'license.verify.result.credentials.badge',
    body: 'license.verify.result.credentials.body',
  },
  license_id: {
    tone: 'neutral',
    badge: 'license.verify.result.byId.badge',
    body: 'license.verify.result.byId.body',
  },
} as const satisfies Record<Evidence['by'], { tone: BadgeTone; badge: string; body: string }>;

export function VerifyResult({
  result,
  fileName,
  onAnother,
}: {
  result: Verification;
  fileName: string;
  onAnother: () => void;
}) {
  if (!result.genuine) return <NoMatchResult credentials={result.credentials} onAnother={onAnother} />;
  return <GenuineResult license={result} fileName={fileName} onAnother={onAnother} />;
}

function GenuineResult({
  license,
  fileName,
  onAnother,
}: {
  license: GenuineLicense;
  fileName: string;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const how = EVIDENCE[license.evidence.by];
  const rows = [
    [t('license.parties.style'), license.styleName],
    [t('license.parties.artist'), license.artistName],
    [t('license.parties.licensee'), license.licenseeName],
    [t('license.genuine.issuedAt'), t('license.genuine.issuedAtValue', { when: new Date(license.issuedAt) })],
  ] as const;
  return (
    <div role="status" className="rounded-xl border border-emerald-200 bg-emerald-50/60 p-5">
      <p className="flex items-center gap-3 font-semibold text-emerald-900">
        <StatusMark genuine />
        {t('license.verify.result.genuineTitle')}
      </p>
      <p className="mt-3" data-testid="evidence">
        <Badge tone={how.tone}>{t(how.badge)}</Badge>
      </p>
      <p className="mt-2 text-sm leading-relaxed break-words text-stone-700">
        {t(how.body, {
          file: fileName,
          licenseId: license.licenseId,
          confidence: confidenceShown(license.evidence.confidence),
        })}
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
        <LocalLink to={`/licenses/${license.licenseId}`} className={buttonClass('primary', 'md')}>
          {t('license.verify.result.openLicense')}
        </LocalLink>
        <Button look="secondary" onClick={onAnother}>
          {t('license.verify.result.another')}
        </Button>
      </div>
    </div>
  );
}
