// The artist's studio: every style they made, with its status, version, training progress and price.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../components/LocalLink';
import { Badge, statusTone } from '../../components/ui/Badge';
import { buttonClass } from '../../components/ui/Button';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { PageHeader } from '../../components/ui/Page';
import { useTRPC } from '../../lib/trpc';
import { RefreshNotice } from './components/RefreshNotice';
import { ProgressBar, StyleThumb } from './components/StyleThumb';
import { isTrainingLive } from './style-rules';

export function StudioPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const mine = useQuery({
    ...trpc.styles.mine.queryOptions(),
    // While a style trains, its progress moves: follow it.
    refetchInterval: (query) => (query.state.data?.some(isTrainingLive) ? 3000 : false),
  });

  return (
    <div>
      <PageHeader title={t('studio.list.title')}>
        <div className="flex flex-wrap gap-2">
          <LocalLink to="/artist/apply" className={buttonClass('secondary')}>
            {t('studio.list.signature')}
          </LocalLink>
          <LocalLink to="/studio/new" className={buttonClass()}>
            {t('studio.list.newStyle')}
          </LocalLink>
        </div>
      </PageHeader>
      {mine.isPending && <Spinner />}
      {mine.isLoadingError && <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} />}
      <RefreshNotice query={mine} />
      {mine.data?.length === 0 && (
        <EmptyState title={t('studio.list.emptyTitle')}>
          <p>{t('studio.list.emptyBody')}</p>
          <LocalLink to="/studio/new" className={`${buttonClass()} mt-4`}>
            {t('studio.list.newStyle')}
          </LocalLink>
        </EmptyState>
      )}
      {mine.data && mine.data.length > 0 && (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {mine.data.map((style) => {
            const live = isTrainingLive(style);
            return (
              <li key={style.id}>
                <LocalLink
                  to={`/studio/${style.id}`}
                  className={`group flex gap-4 rounded-xl border border-stone-200 bg-white p-3 shadow-sm transition hover:border-violet-300 hover:shadow focus-visible:outline-2 focus-visible:outline-violet-600 ${style.status === 'archived' ? 'opacity-60' : ''}`}
                >
                  <div className="w-24 shrink-0 overflow-hidden rounded-lg sm:w-28">
                    <StyleThumb url={style.thumbnailUrl} name={style.name} />
                  </div>
                  <div className="flex min-w-0 flex-1 flex-col gap-1.5 py-1">
                    <p className="truncate font-medium text-stone-900 group-hover:text-violet-800">
                      {style.name}
                    </p>
                    <div className="flex flex-wrap items-center gap-1.5">
                      <Badge tone={statusTone(style.status)}>{t(`common.status.${style.status}`)}</Badge>
                      {style.version !== null && (
                        <Badge tone="accent">{t('studio.version', { version: style.version })}</Badge>
                      )}
                      {style.status === 'ready' && live && (
                        <Badge tone="busy">{t('studio.list.retraining')}</Badge>
                      )}
                    </div>
                    <p className="text-sm text-stone-600">
                      {t('studio.pricePerImage', { count: style.priceTokens })}
                    </p>
                    {live && (
                      <div className="mt-auto flex items-center gap-2">
                        <ProgressBar
                          value={style.progress / 100}
                          label={t('studio.training.progressLabel')}
                        />
                        <span className="text-xs text-stone-600 tabular-nums">{style.progress}%</span>
                      </div>
                    )}
                  </div>
                </LocalLink>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
