/**
 * Training the chosen style, as the web studio does it: submit once it holds 10–100 images and the
 * artist attests they own the rights to them (ticked anew for each run), then the
 * run's status polled every 2 s with its progress and time left, and a notification when it is ready.
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TRAINING_IMAGES } from '@style-license/shared';
import { Badge, statusTone } from '@style-license/web/ui/Badge';
import { Button } from '@style-license/web/ui/Button';
import { ErrorNotice } from '@style-license/web/ui/Feedback';
import { toast } from '@style-license/web/lib/toast';
import { useTRPC } from '@style-license/web/lib/trpc';
import { RightsAttestation } from '@style-license/web/studio/components/RightsAttestation';
import { ProgressBar } from '@style-license/web/studio/components/StyleThumb';
import { submitBlock, trainingFailureText, trainingTimeLeft } from '@style-license/web/studio/style-rules';
import { currentLocale } from '../../lib/i18n';

type Status = { styleStatus: string; job: { status: string } | null };
const isLive = (data: Status | undefined) =>
  !!data &&
  (data.styleStatus === 'queued' ||
    data.styleStatus === 'training' ||
    data.job?.status === 'queued' ||
    data.job?.status === 'running');

function useNow(every: number) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

export function TrainingSection({ styleId, uploading }: { styleId: string; uploading: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(5000);
  const images = useQuery(trpc.training.images.queryOptions({ styleId }));
  const status = useQuery({
    ...trpc.training.status.queryOptions({ styleId }),
    refetchInterval: (query) => (isLive(query.state.data) ? 2000 : false),
  });
  const submit = useMutation(trpc.training.submit.mutationOptions());
  const [attested, setAttested] = useState(false);
  const data = status.data;
  const live = isLive(data);

  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live && data) {
      void queryClient.invalidateQueries({ queryKey: trpc.styles.mine.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() });
      if (data.failureCode) toast('error', t('studio.training.failedToast'));
      else toast('success', t('studio.training.readyToast', { version: data.version ?? 1 }));
    }
    wasLive.current = live;
  }, [live, data, queryClient, trpc, t]);

  if (!data) return status.isError ? <ErrorNotice error={status.error} /> : null;
  const imageCount = images.data?.length ?? 0;
  const styleStatus = data.styleStatus;
  const block = submitBlock(
    { status: styleStatus, training: live ? { status: 'running' } : null },
    imageCount,
  );
  const progress = data.job?.progress ?? data.progress;
  const finishAt = data.job?.estimatedFinishAt ?? null;
  const left = live && finishAt ? trainingTimeLeft(finishAt, currentLocale(), t, now) : null;
  const failed =
    !live && data.failureCode
      ? trainingFailureText({ code: data.failureCode, seconds: data.failureSeconds }, currentLocale(), t)
      : null;

  return (
    <div className="flex flex-col gap-2 border-t border-stone-200 pt-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold text-stone-900">{t('studio.training.title')}</h3>
        <Badge tone={statusTone(styleStatus)}>
          {t(`common.status.${styleStatus}` as 'common.status.ready')}
        </Badge>
        <span className="ml-auto text-xs text-stone-600 tabular-nums">
          {t('studio.images.count', { count: imageCount, max: TRAINING_IMAGES.max })}
        </span>
      </div>
      {live ? (
        <div className="flex flex-col gap-1" aria-live="polite">
          <div className="flex flex-wrap justify-between gap-2 text-sm">
            <span className="font-medium text-amber-900">
              {data.job?.status === 'queued' || styleStatus === 'queued'
                ? t('studio.training.queued')
                : t('studio.training.running')}
            </span>
            <span className="text-stone-600 tabular-nums">
              {left && `${left} · `}
              {progress}%
            </span>
          </div>
          <ProgressBar
            value={progress / 100}
            pulse={progress === 0}
            label={t('studio.training.progressLabel')}
          />
        </div>
      ) : (
        <>
          {data.version !== null && (
            <p
              role="status"
              className="rounded-lg bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-900"
            >
              {t('desktop.publish.trained', { version: data.version })}
            </p>
          )}
          {failed && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              {failed}
            </p>
          )}
          {submit.isError && <ErrorNotice error={submit.error} />}
          {block === null && (
            <RightsAttestation checked={attested} onChange={setAttested} disabled={submit.isPending} />
          )}
          <Button
            busy={submit.isPending}
            disabled={block !== null || uploading || !attested}
            onClick={() =>
              submit.mutate(
                { styleId, rightsAttested: true },
                {
                  onSuccess: () => {
                    setAttested(false); // the next run is attested anew
                    void queryClient.invalidateQueries({
                      queryKey: trpc.training.status.queryKey({ styleId }),
                    });
                  },
                },
              )
            }
          >
            {data.version !== null ? t('studio.training.retrain') : t('desktop.publish.startTraining')}
          </Button>
          {block === 'too_few' && (
            <p className="text-xs text-stone-600">
              {t('studio.training.needMore', {
                count: TRAINING_IMAGES.min - imageCount,
                min: TRAINING_IMAGES.min,
              })}
            </p>
          )}
        </>
      )}
    </div>
  );
}
