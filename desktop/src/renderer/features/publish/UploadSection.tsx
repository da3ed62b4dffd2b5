// "Upload N picked": enabled once the checks pass; then the queue's progress, counts by state, pause,
// resume and retry of the failed ones.
import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { studio as studioWords } from '@style-license/shared/i18n/ui/en/studio';
import { Button } from '@style-license/web/ui/Button';
import { useTRPC } from '@style-license/web/lib/trpc';
import { ProgressBar } from '@style-license/web/studio/components/StyleThumb';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { useCheckReport } from '../checks/use-checks';
import { usePublish } from './publish-store';
import { useUploads } from './use-uploads';

/** The platform's reason for a refusal, in the artist's language, when its rule is one clients know. */
const knownRule = (rule: string | null): rule is keyof typeof studioWords.uploadRules =>
  rule !== null && Object.hasOwn(studioWords.uploadRules, rule);

function Count({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <div className="flex flex-col rounded-lg bg-stone-50 px-2 py-1">
      <span className={`text-base font-semibold tabular-nums ${tone}`}>{value}</span>
      <span className="text-xs text-stone-600">{label}</span>
    </div>
  );
}

export function UploadSection({ styleId }: { styleId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const picked = useQuery({
    queryKey: keys.picked,
    queryFn: () => studio.countImages({ picks: ['picked'] }),
  });
  const check = useCheckReport();
  const { report, upload, pause, resume, retry } = useUploads(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.training.images.queryKey({ styleId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.styles.mine.queryKey() });
  });
  const data = report.data;
  // The checks count what the style already holds, less what this queue sent it (those are the picks).
  const styleImages = useQuery(trpc.training.images.queryOptions({ styleId }));
  const setInStyle = usePublish((s) => s.setInStyle);
  const sentHere = data?.accepted.filter((item) => item.styleId === styleId).length ?? 0;
  const inStyle = Math.max(0, (styleImages.data?.length ?? 0) - sentHere);
  useEffect(() => setInStyle(inStyle), [inStyle, setInStyle]);
  const count = picked.data ?? 0;
  const canUpload =
    check.data?.summary.canUpload === true && check.data.summary.selected === count && count > 0;
  // The core says whether it is sending, and why not (paused by the artist, signed out, or not started
  // again after the app was closed mid-upload).
  const running = data?.run.status === 'running';
  const paused = data?.run.status === 'paused' ? data.run.reason : null;
  const done = data !== undefined && data.total > 0 && data.pending === 0;
  return (
    <div className="flex flex-col gap-2">
      <Button
        look={done ? 'secondary' : 'primary'}
        busy={upload.isPending}
        disabled={!canUpload || running}
        onClick={() => upload.mutate(styleId)}
      >
        {t('desktop.publish.upload', { count })}
      </Button>
      {!canUpload && !running && <p className="text-xs text-stone-600">{t('desktop.publish.checkFirst')}</p>}
      {data && data.total > 0 && (
        <div className="flex flex-col gap-2" aria-live="polite">
          <div className="flex items-center justify-between gap-2 text-sm">
            <span className="font-medium text-stone-800">
              {done
                ? t('desktop.publish.uploadDone')
                : paused
                  ? paused === 'unauthorized'
                    ? t('desktop.publish.pausedSignIn')
                    : t('desktop.publish.paused')
                  : t('desktop.publish.uploading')}
            </span>
            <span className="text-stone-600 tabular-nums">{Math.round(data.progress * 100)}%</span>
          </div>
          <ProgressBar
            value={data.progress}
            tone={data.failed.length > 0 ? 'red' : done ? 'emerald' : 'violet'}
            label={t('desktop.publish.progressLabel')}
          />
          <div className="grid grid-cols-4 gap-1.5">
            <Count
              label={t('desktop.publish.state.accepted')}
              value={data.accepted.length}
              tone="text-emerald-700"
            />
            <Count label={t('desktop.publish.state.pending')} value={data.pending} tone="text-stone-800" />
            <Count
              label={t('desktop.publish.state.refused')}
              value={data.refused.length}
              tone="text-amber-700"
            />
            <Count label={t('desktop.publish.state.failed')} value={data.failed.length} tone="text-red-700" />
          </div>
          <div className="flex flex-wrap gap-1.5">
            {running && (
              <Button look="secondary" size="sm" busy={pause.isPending} onClick={() => pause.mutate()}>
                {t('desktop.publish.pause')}
              </Button>
            )}
            {paused && data.pending > 0 && (
              <Button look="secondary" size="sm" busy={resume.isPending} onClick={() => resume.mutate()}>
                {t('desktop.publish.resume')}
              </Button>
            )}
            {data.failed.length > 0 && (
              <Button look="secondary" size="sm" busy={retry.isPending} onClick={() => retry.mutate()}>
                {t('desktop.publish.retry', { count: data.failed.length })}
              </Button>
            )}
          </div>
          {data.refused.length > 0 && (
            <ul className="text-xs text-amber-800">
              {data.refused.slice(0, 5).map((item) => (
                <li key={item.imageId}>
                  {knownRule(item.rule)
                    ? t('desktop.publish.refusedItemReason', {
                        name: item.fileName,
                        reason: t(`studio.uploadRules.${item.rule}`),
                      })
                    : t('desktop.publish.refusedItem', { name: item.fileName })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
