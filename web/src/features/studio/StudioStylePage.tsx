/**
 * One style in the studio: training (submit, progress, result), its training images (the accepted ones
 * and the upload queue), and its details, price and archiving.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { TRAINING_IMAGES } from '@style-license/shared';
import { LocalLink } from '../../components/LocalLink';
import { Badge, statusTone } from '../../components/ui/Badge';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { PageHeader } from '../../components/ui/Page';
import { useTRPC } from '../../lib/trpc';
import { RefreshNotice } from './components/RefreshNotice';
import { StyleSettings } from './components/StyleSettings';
import { StyleThumb } from './components/StyleThumb';
import { TrainingImages } from './components/TrainingImages';
import { TrainingPanel } from './components/TrainingPanel';
import { UploadPanel } from './components/UploadPanel';
import { canEditImages } from './style-rules';
import { isActive, useUploadQueue } from './upload-queue';

export function StudioStylePage() {
  const { t } = useTranslation();
  const { styleId = '' } = useParams();
  const trpc = useTRPC();
  const mine = useQuery(trpc.styles.mine.queryOptions());
  const style = mine.data?.find((s) => s.id === styleId);
  const images = useQuery({ ...trpc.training.images.queryOptions({ styleId }), enabled: !!style });
  const uploading = useUploadQueue(
    useShallow((s) =>
      s.items.some(
        (i) => i.styleId === styleId && (isActive(i.state) || i.state === 'waiting' || i.state === 'hashing'),
      ),
    ),
  );

  if (mine.isPending) return <Spinner />;
  // Only when nothing loaded: a failed background refresh keeps the page, with a note (RefreshNotice).
  if (mine.isLoadingError) return <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!style)
    return (
      <EmptyState title={t('studio.style.notFound')}>
        <LocalLink to="/studio" className="font-medium text-violet-700 underline">
          {t('studio.backToStudio')}
        </LocalLink>
      </EmptyState>
    );

  const imageCount = images.data?.length ?? 0;
  const editable = canEditImages(style);
  return (
    <div>
      <LocalLink to="/studio" className="mb-4 inline-block text-sm text-stone-600 hover:text-violet-800">
        ← {t('studio.backToStudio')}
      </LocalLink>
      <RefreshNotice query={mine} />
      <div className="mb-6 flex items-center gap-4">
        <div className="w-16 shrink-0 overflow-hidden rounded-lg sm:w-20">
          <StyleThumb url={style.thumbnailUrl} name={style.name} />
        </div>
        <div className="min-w-0 flex-1">
          <PageHeader title={style.name} />
          <div className="-mt-4 flex flex-wrap items-center gap-2 text-sm text-stone-600">
            <Badge tone={statusTone(style.status)}>{t(`common.status.${style.status}`)}</Badge>
            {style.version !== null && (
              <Badge tone="accent">{t('studio.version', { version: style.version })}</Badge>
            )}
            <span>{t('studio.pricePerImage', { count: style.priceTokens })}</span>
          </div>
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)]">
        <div className="flex min-w-0 flex-col gap-6">
          <TrainingPanel style={style} imageCount={imageCount} uploading={uploading} />
          <section
            aria-labelledby="images-title"
            className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
          >
            <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="images-title" className="text-lg font-semibold text-stone-900">
                {t('studio.images.title')}
              </h2>
              <span
                className={`text-sm tabular-nums ${imageCount >= TRAINING_IMAGES.min ? 'text-emerald-700' : 'text-stone-600'}`}
              >
                {t('studio.images.count', { count: imageCount, max: TRAINING_IMAGES.max })}
              </span>
            </div>
            {!editable && style.status !== 'archived' && (
              <p className="mb-3 text-sm text-amber-900">{t('studio.images.locked')}</p>
            )}
            {style.status !== 'archived' && (
              <UploadPanel
                styleId={styleId}
                acceptedCount={imageCount}
                disabled={!editable}
                tagSuggestions={style.tags}
              />
            )}
            <div className="mt-5">
              {images.isPending && <Spinner />}
              {images.isLoadingError && (
                <ErrorNotice error={images.error} onRetry={() => void images.refetch()} />
              )}
              <RefreshNotice query={images} />
              {images.data && <TrainingImages images={images.data} />}
            </div>
          </section>
        </div>
        <StyleSettings style={style} />
      </div>
    </div>
  );
}
