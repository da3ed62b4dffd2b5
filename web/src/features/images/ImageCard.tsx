// One of my images: the signed preview (or where it stands), its style, date and price, and for a finished
// one its page, the licensed PNG, its license and its sharing (public or private); for a failed one, why,
// and that the tokens came back.
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@style-license/server';
import { LocalLink } from '../../components/LocalLink';
import { Badge, statusTone } from '../../components/ui/Badge';
import { buttonClass } from '../../components/ui/Button';
import { useLocale } from '../../lib/use-locale';
import { describeJobFailure } from '../../lib/job-failures';
import { DownloadButton } from '../gallery/DownloadButton';
import { SharingControls } from '../gallery/SharingControls';

export type MyGeneration = inferRouterOutputs<AppRouter>['generation']['mine']['items'][number];

export function ImageCard({ item }: { item: MyGeneration }) {
  const styleName = item.styleName;
  const { t } = useTranslation();
  const locale = useLocale();
  const status = item.status as 'queued' | 'running' | 'succeeded' | 'failed';
  const failure = { code: item.failureCode, seconds: item.failureSeconds };
  const failureText = describeJobFailure('generation', failure, t, locale) ?? t('images.item.failedGeneric');

  return (
    <li
      className="flex flex-col overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm"
      data-testid="image-card"
    >
      <div
        className={`relative bg-stone-100 ${item.previewUrl ? 'aspect-square' : 'aspect-[3/2] sm:aspect-square'}`}
      >
        {item.previewUrl ? (
          <Preview item={item} />
        ) : (
          <div className="flex size-full flex-col items-center justify-center gap-3 p-6 text-center text-sm text-stone-600">
            {status === 'failed' ? (
              <span
                aria-hidden="true"
                className="flex size-10 items-center justify-center rounded-full bg-red-100 text-red-700"
              >
                <svg
                  viewBox="0 0 24 24"
                  className="size-5"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2.5"
                >
                  <path d="M12 7v6M12 17h.01" strokeLinecap="round" />
                </svg>
              </span>
            ) : (
              <span
                aria-hidden="true"
                className="size-8 animate-spin rounded-full border-2 border-violet-600 border-r-transparent"
              />
            )}
            <span>
              {status === 'failed'
                ? t('images.item.failed')
                : status === 'running'
                  ? t('images.item.running')
                  : t('images.item.queued')}
            </span>
          </div>
        )}
        <span className="absolute top-2 left-2">
          <Badge tone={statusTone(status)}>{t(`common.status.${status}`)}</Badge>
        </span>
      </div>
      <div className="flex flex-1 flex-col gap-1 p-4">
        <LocalLink
          to={`/styles/${item.styleId}`}
          className="font-medium text-stone-900 hover:text-violet-700 hover:underline"
        >
          {t('images.item.inStyle', { style: styleName })}
        </LocalLink>
        <p className="text-sm text-stone-500">
          <time dateTime={item.createdAt}>
            {t('images.item.created', { when: new Date(item.createdAt) })}
          </time>
          {' · '}
          {status === 'failed'
            ? t('images.item.refunded', { count: item.costTokens })
            : t('images.item.cost', { count: item.costTokens })}
        </p>
        {status === 'failed' && (
          <div className="mt-1 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            <p>{failureText}</p>
          </div>
        )}
        {status === 'succeeded' && (
          <>
            <div className="mt-auto flex flex-wrap gap-2 pt-3">
              <DownloadButton generationId={item.id} />
              {item.licenseId && (
                <LocalLink to={`/licenses/${item.licenseId}`} className={buttonClass('secondary', 'sm')}>
                  {t('images.item.license')}
                </LocalLink>
              )}
            </div>
            <div className="mt-4 border-t border-stone-100 pt-3">
              <SharingControls image={{ id: item.id, visibility: item.visibility }} />
            </div>
          </>
        )}
      </div>
    </li>
  );
}

/** The preview; a finished image's leads to its page (its comments, likes and description). */
function Preview({ item }: { item: MyGeneration }) {
  const { t } = useTranslation();
  const img = (
    <img
      src={item.previewUrl!}
      alt={item.styleName ? t('images.item.alt', { style: item.styleName }) : t('images.item.altGeneric')}
      className="size-full object-cover"
      loading="lazy"
    />
  );
  if (item.status !== 'succeeded') return img;
  return (
    <LocalLink
      to={`/images/${item.id}`}
      className="block size-full focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-violet-600"
    >
      {img}
    </LocalLink>
  );
}
