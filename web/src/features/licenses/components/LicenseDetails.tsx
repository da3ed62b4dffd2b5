// A genuine license as issued. Names are those the file was signed with; a name changed since is shown
// beside it, marked as today's, never in its place (the file cannot change, so neither does the license).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../../components/LocalLink';
import { Badge } from '../../../components/ui/Badge';
import { buttonClass } from '../../../components/ui/Button';
import { PageHeader } from '../../../components/ui/Page';
import { useLocale } from '../../../lib/use-locale';
import { renamed, termsFor, type GenuineLicense } from '../license-view';
import { StatusMark } from './StatusMark';

const card = 'rounded-xl border border-stone-200 bg-white p-5 sm:p-6';
const mono = 'font-mono text-sm break-all text-stone-800';

export function LicenseDetails({ license }: { license: GenuineLicense }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const terms = termsFor(license, locale);
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-5">
      <PageHeader title={t('license.genuine.title')} />

      <section
        aria-labelledby="license-summary"
        className="rounded-xl border border-emerald-200 bg-emerald-50/70 p-5 sm:p-6"
      >
        <div className="flex items-start gap-4">
          <StatusMark genuine size="lg" />
          <div className="min-w-0">
            <h2
              id="license-summary"
              className="flex flex-wrap items-center gap-2 text-lg font-semibold text-emerald-900"
            >
              {t('license.genuine.badge')}
            </h2>
            <p className="mt-1 text-stone-700">{t('license.genuine.lead')}</p>
          </div>
        </div>
        <dl className="mt-5 grid gap-4 sm:grid-cols-[2fr_1fr_1fr]">
          <Fact label={t('license.genuine.licenseId')}>
            <code className={mono}>{license.licenseId}</code>
          </Fact>
          <Fact label={t('license.genuine.issuedAt')}>
            {t('license.genuine.issuedAtValue', { when: new Date(license.issuedAt) })}
          </Fact>
          <Fact label={t('license.genuine.terms')}>
            {t('license.genuine.termsValue', { version: license.termsVersion })}
          </Fact>
        </dl>
      </section>

      <section aria-labelledby="license-parties" className={card}>
        <h2 id="license-parties" className="text-lg font-semibold text-stone-900">
          {t('license.parties.title')}
        </h2>
        <p className="mt-1 text-sm text-stone-600">
          {license.termsVersion === 1
            ? t('license.parties.namesAtIssueV1')
            : t('license.parties.namesAtIssue')}
        </p>
        <dl className="mt-4 divide-y divide-stone-100">
          <Party
            label={t('license.parties.licensee')}
            issued={license.licenseeName}
            current={license.current.licenseeName}
            idLabel={t('license.parties.userId')}
            id={license.licenseeId}
          />
          <Party
            label={t('license.parties.artist')}
            issued={license.artistName}
            current={license.current.artistName}
            idLabel={t('license.parties.artistId')}
            id={license.artistId}
          >
            <LocalLink
              to={`/artists/${license.artistId}`}
              className="text-sm font-medium text-violet-700 underline-offset-2 hover:underline"
            >
              {t('license.parties.openArtist')}
            </LocalLink>
          </Party>
          <Party
            label={t('license.parties.style')}
            issued={license.styleName}
            current={license.current.styleName}
            idLabel={t('license.parties.styleId')}
            id={license.styleId}
          >
            {license.styleVersion !== null && (
              <Badge tone="accent">
                {t('license.parties.modelVersion', { version: license.styleVersion })}
              </Badge>
            )}
            <LocalLink
              to={`/styles/${license.styleId}`}
              className="text-sm font-medium text-violet-700 underline-offset-2 hover:underline"
            >
              {t('license.parties.openStyle')}
            </LocalLink>
          </Party>
        </dl>
      </section>

      <section aria-labelledby="license-terms" className={card}>
        <h2 id="license-terms" className="text-lg font-semibold text-stone-900">
          {t('license.termsSection.title')}
        </h2>
        {terms.englishOnly && (
          <p className="mt-1 text-sm text-stone-600">{t('license.termsSection.englishOnly')}</p>
        )}
        <p
          lang={terms.lang}
          className="mt-3 leading-relaxed whitespace-pre-line text-stone-800"
          data-testid="license-terms"
        >
          {terms.text}
        </p>
        {terms.other && (
          <details className="mt-4 rounded-lg bg-stone-50 px-4 py-3">
            <summary className="cursor-pointer text-sm font-medium text-stone-700">
              {t('license.termsSection.otherLanguage')}
            </summary>
            <p
              lang={terms.other.lang}
              className="mt-3 text-sm leading-relaxed whitespace-pre-line text-stone-700"
            >
              {terms.other.text}
            </p>
          </details>
        )}
      </section>

      <section aria-labelledby="license-file" className={card}>
        <h2 id="license-file" className="text-lg font-semibold text-stone-900">
          {t('license.file.title')}
        </h2>
        <dl className="mt-3">
          <Fact label={t('license.file.sha256')}>
            <code className={mono}>{license.fileSha256}</code>
          </Fact>
        </dl>
        <p className="mt-3 text-sm text-stone-600">{t('license.file.explain')}</p>
        <LocalLink to="/verify" className={`${buttonClass('secondary')} mt-4`}>
          {t('license.file.verifyFile')}
        </LocalLink>
      </section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-stone-500 uppercase">{label}</dt>
      <dd className="mt-1 text-stone-900">{children}</dd>
    </div>
  );
}

function Party(props: {
  label: string;
  issued: string;
  current: string;
  idLabel: string;
  id: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const now = renamed(props.issued, props.current);
  return (
    <div className="grid gap-1 py-3 first:pt-0 last:pb-0 sm:grid-cols-[9rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-stone-600">{props.label}</dt>
      <dd className="min-w-0">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <strong className="font-semibold break-words text-stone-900" data-testid="issued-name">
            {props.issued}
          </strong>
          {now !== null && (
            <span
              className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900"
              data-testid="current-name"
            >
              {t('license.parties.currentName', { name: now })}
            </span>
          )}
        </p>
        <p className="mt-1 text-xs text-stone-500">
          {props.idLabel} <code className="font-mono break-all">{props.id}</code>
        </p>
        {props.children && <div className="mt-2 flex flex-wrap items-center gap-3">{props.children}</div>}
      </dd>
    </div>
  );
}
