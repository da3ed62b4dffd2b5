// What anyone may know of an image's license, as it was issued (the names at issue, not today's), and the
// link to the license page, which checks it against the signed record.
import { useTranslation } from 'react-i18next';
import type { ImageDetail } from '@style-license/shared';
import { LocalLink } from '../../components/LocalLink';
import { buttonClass } from '../../components/ui/Button';

type License = NonNullable<ImageDetail['license']>;

export function LicenseSummary({ license }: { license: License }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('gallery.license.licensee'), license.licenseeName],
    [t('gallery.license.artist'), license.artistName],
    [
      t('gallery.license.style'),
      license.styleVersion === null
        ? license.styleName
        : t('gallery.license.styleVersion', { style: license.styleName, version: license.styleVersion }),
    ],
    [t('gallery.license.issued'), t('gallery.license.issuedValue', { when: new Date(license.issuedAt) })],
    [t('gallery.license.terms'), t('gallery.license.termsValue', { version: license.termsVersion })],
  ];
  return (
    <section
      aria-labelledby="image-license"
      className="flex flex-col gap-3 rounded-xl border border-stone-200 bg-stone-50 p-4"
    >
      <h2 id="image-license" className="flex items-center gap-2 font-semibold text-stone-900">
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 text-emerald-700" fill="none">
          <path
            d="M12 3 5 6v5c0 4.4 3 8.3 7 9.5 4-1.2 7-5.1 7-9.5V6l-7-3Z"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinejoin="round"
          />
          <path d="m9 12 2 2 4-4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        {t('gallery.license.title')}
      </h2>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-stone-500">{term}</dt>
            <dd className="break-words text-stone-800">{value}</dd>
          </div>
        ))}
      </dl>
      <LocalLink to={`/licenses/${license.id}`} className={`${buttonClass('secondary', 'sm')} self-start`}>
        {t('gallery.license.verify')}
      </LocalLink>
    </section>
  );
}
