// A style's page: its signed samples, who made it, what it costs, its tags and description, and the
// generate panel to buy an image in it.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { StyleDetail } from '@style-license/shared';
import { FeedSection } from '../../components/gallery/FeedSection';
import { LocalLink } from '../../components/LocalLink';
import { StyleThumbnail } from '../../components/styles/StyleCard';
import { Badge } from '../../components/ui/Badge';
import { buttonClass } from '../../components/ui/Button';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { useDocumentTitle } from '../../components/ui/Page';
import { TagList } from '../../components/ui/TagList';
import { errorCodeOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { GeneratePanel } from '../generate/GeneratePanel';

export function StylePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { styleId = '' } = useParams();
  const style = useQuery(trpc.styles.get.queryOptions({ styleId }, { retry: false }));
  useDocumentTitle(style.data?.name ?? t('style.title'));

  if (style.error) {
    const code = errorCodeOf(style.error);
    if (code === 'NOT_FOUND' || code === 'VALIDATION_FAILED')
      return (
        <EmptyState title={t('style.page.notFound')}>
          <LocalLink to="/search" className={`${buttonClass('secondary')} mt-3`}>
            {t('style.page.backToSearch')}
          </LocalLink>
        </EmptyState>
      );
    return <ErrorNotice error={style.error} onRetry={() => void style.refetch()} />;
  }
  if (!style.data) return <Spinner />;
  const data = style.data;

  // One grid: on a phone the buy box comes right after the samples; on a desktop it is a sticky column.
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start">
      <header className="lg:col-start-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight text-stone-900 sm:text-3xl">{data.name}</h1>
          {data.demo && <Badge tone="accent">{t('common.demo')}</Badge>}
        </div>
        <p className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-stone-600">
          <LocalLink
            to={`/artists/${data.artist.id}`}
            className="font-medium text-stone-700 underline-offset-2 hover:text-violet-700 hover:underline"
          >
            {t('style.page.by', { name: data.artist.displayName })}
          </LocalLink>
          {data.version !== null && (
            <>
              <span aria-hidden="true">·</span>
              <span>{t('style.page.version', { version: data.version })}</span>
            </>
          )}
          <span className="rounded-full bg-violet-50 px-2.5 py-0.5 text-sm font-medium text-violet-800">
            {t('style.page.price', { count: data.priceTokens })}
          </span>
        </p>
      </header>
      <div className="min-w-0 lg:col-start-1">
        <Samples style={data} />
      </div>
      <div className="lg:sticky lg:top-6 lg:col-start-2 lg:row-span-3 lg:row-start-1">
        <GeneratePanel style={data} />
      </div>
      <section aria-labelledby="style-about" className="flex min-w-0 flex-col gap-4 lg:col-start-1">
        <h2 id="style-about" className="text-lg font-semibold text-stone-900">
          {t('style.page.about')}
        </h2>
        <p className="whitespace-pre-line text-stone-700">
          {data.description || t('style.page.noDescription')}
        </p>
        {data.tags.length > 0 && (
          <div>
            <h3 className="mb-2 text-sm font-medium text-stone-700">{t('style.page.tags')}</h3>
            <TagList tags={data.tags} linkTo={(tag) => `/search?tags=${encodeURIComponent(tag)}`} />
          </div>
        )}
      </section>
      {data.status === 'ready' && <MadeWithStyle styleId={data.id} />}
    </div>
  );
}

/** What people made and shared in this style: the feed, filtered to it. */
function MadeWithStyle({ styleId }: { styleId: string }) {
  const { t } = useTranslation();
  return (
    <FeedSection
      id="style-made-with"
      title={t('style.page.madeWith')}
      filter={{ styleId }}
      className="min-w-0 lg:col-span-2"
      empty={<p className="text-sm text-stone-600">{t('style.page.madeWithEmpty')}</p>}
    />
  );
}

/** The samples: one large, the rest as thumbnails that choose which is large. */
function Samples({ style }: { style: StyleDetail }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState(0);
  const urls = style.sampleUrls;
  if (urls.length === 0)
    return (
      <div className="flex flex-col gap-2">
        <StyleThumbnail url={null} alt="" className="aspect-[4/3] w-full rounded-xl" />
        <p className="text-sm text-stone-600">{t('style.page.noSamples')}</p>
      </div>
    );
  const current = Math.min(selected, urls.length - 1);
  return (
    <section aria-labelledby="style-samples" className="flex flex-col gap-3">
      <h2 id="style-samples" className="sr-only">
        {t('style.page.samples')}
      </h2>
      <img
        src={urls[current]}
        alt={t('style.page.sampleAlt', { n: current + 1, name: style.name })}
        className="aspect-square w-full max-w-2xl rounded-xl bg-stone-100 object-cover shadow-sm"
      />
      {urls.length > 1 && (
        <ul className="flex flex-wrap gap-2">
          {urls.map((url, i) => (
            <li key={url}>
              <button
                type="button"
                aria-pressed={i === current}
                aria-label={t('style.page.sampleAlt', { n: i + 1, name: style.name })}
                onClick={() => setSelected(i)}
                className={`block overflow-hidden rounded-lg ring-offset-2 focus-visible:outline-2 focus-visible:outline-violet-600 ${i === current ? 'ring-2 ring-violet-600' : 'opacity-80 hover:opacity-100'}`}
              >
                <img src={url} alt="" className="size-16 object-cover sm:size-20" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="text-xs text-stone-500">{t('style.page.samplesNote')}</p>
    </section>
  );
}
