/**
 * Training: submit the style once it holds 10–100 images and the artist attests they own the rights to
 * them (RightsAttestation, ticked anew for each run), then follow the run (polled every 2 s while
 * it is queued or running): progress and the engine's estimate of the time left, the version on sale, and
 * why a run failed.
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { TRAINING_IMAGES, type MyStyle } from '@style-license/shared';
import { LocalLink } from '../../../components/LocalLink';
import { Button } from '../../../components/ui/Button';
import { describeError, errorInfo } from '../../../lib/errors';
import { toast } from '../../../lib/toast';
import { useTRPC } from '../../../lib/trpc';
import { useLocale } from '../../../lib/use-locale';
import { isTrainingLive, submitBlock, trainingFailureText, trainingTimeLeft } from '../style-rules';
import { RightsAttestation } from './RightsAttestation';
import { ProgressBar } from './StyleThumb';

/** What the version on sale makes: the samples training signed, as buyers see them. */
function Samples({ styleId, version }: { styleId: string; version: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.styles.get.queryOptions({ styleId }), staleTime: 60_000 });
  const urls = detail.data?.version === version ? detail.data.sampleUrls : [];
  if (urls.length === 0) return null;
  return (
    <ul aria-label={t('studio.training.samples', { version })} className="grid grid-cols-4 gap-2">
      {urls.slice(0, 4).map((url, i) => (
        <li key={url}>
          <img
            src={url}
            alt={t('studio.training.sampleAlt', { n: i + 1 })}
            loading="lazy"
            className="aspect-square w-full rounded-lg object-cover"
          />
        </li>
      ))}
    </ul>
  );
}

/**
 * The time left by the engine's estimate. Its own clock: the status poll re-renders nothing while the
 * answer stays the same, yet the time left still goes down.
 */
function TimeLeft({ finishAt, beforePercent }: { finishAt: string; beforePercent: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  const text = trainingTimeLeft(finishAt, locale, t, now);
  if (!text) return null;
  // A rule on its right keeps it apart from the percentage it sits beside.
  const rule = beforePercent ? 'border-r border-stone-300 pr-3' : '';
  return <span className={`text-stone-600 ${rule}`}>{text}</span>;
}

export function TrainingPanel({
  style,
  imageCount,
  uploading,
}: {
  style: MyStyle;
  imageCount: number;
  uploading: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const styleId = style.id;
  const status = useQuery({
    ...trpc.training.status.queryOptions({ styleId }),
    refetchInterval: (query) => {
      const data = query.state.data;
      const live = data
        ? data.styleStatus === 'queued' ||
          data.styleStatus === 'training' ||
          data.job?.status === 'queued' ||
          data.job?.status === 'running'
        : isTrainingLive(style);
      return live ? 2000 : false;
    },
  });
  const submit = useMutation(trpc.training.submit.mutationOptions());
  const [attested, setAttested] = useState(false);

  const data = status.data;
  const live = data
    ? data.styleStatus === 'queued' ||
      data.styleStatus === 'training' ||
      data.job?.status === 'queued' ||
      data.job?.status === 'running'
    : isTrainingLive(style);

  // When a run ends, the style's row (status, version, thumbnail) changed too.
  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live) {
      void queryClient.invalidateQueries({ queryKey: trpc.styles.mine.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.styles.get.queryKey({ styleId }) });
      if (data?.failureCode) toast('error', t('studio.training.failedToast'));
      else toast('success', t('studio.training.readyToast', { version: data?.version ?? 1 }));
    }
    wasLive.current = live;
  }, [live, data, queryClient, trpc, t, styleId]);

  const block = submitBlock(
    { status: data?.styleStatus ?? style.status, training: live ? { status: 'running' } : null },
    imageCount,
  );
  const failed =
    !live && data?.failureCode
      ? trainingFailureText({ code: data.failureCode, seconds: data.failureSeconds }, locale, t)
      : null;
  const version = data?.version ?? style.version;
  const progress = data?.job?.progress ?? data?.progress ?? style.progress;
  const queued = data
    ? data.job?.status === 'queued' || data.styleStatus === 'queued'
    : style.status === 'queued';
  const finishAt = data ? (data.job?.estimatedFinishAt ?? null) : (style.training?.estimatedFinishAt ?? null);
  const submitError = submit.error ? submitErrorText(submit.error) : null;

  function submitErrorText(error: unknown) {
    const { code, details } = errorInfo(error);
    if (details.some((d) => d.rule === 'rights_attestation')) return t('studio.training.rightsRequired');
    if (details.some((d) => d.rule === 'image_count'))
      return t('studio.training.needImages', { min: TRAINING_IMAGES.min, max: TRAINING_IMAGES.max });
    // The artist has no signature to sign the samples with: the page offers to add one.
    if (code === 'CONFLICT' && details.some((d) => d.rule === 'no_signature')) return 'signature';
    return describeError(error, t);
  }

  return (
    <section
      aria-labelledby="training-title"
      className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
    >
      <h2 id="training-title" className="text-lg font-semibold text-stone-900">
        {t('studio.training.title')}
      </h2>
      {live ? (
        <div className="mt-3 flex flex-col gap-2" aria-live="polite">
          <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 text-sm">
            <span className="font-medium text-amber-900">
              {queued ? t('studio.training.queued') : t('studio.training.running')}
            </span>
            {/* ml-auto: wrapped under the state on a narrow screen, it stays on the right. */}
            <span className="ml-auto flex items-center gap-3">
              {!queued && finishAt && <TimeLeft finishAt={finishAt} beforePercent={progress > 0} />}
              {(queued || progress > 0) && <span className="text-stone-600 tabular-nums">{progress}%</span>}
            </span>
          </div>
          <ProgressBar
            value={progress / 100}
            pulse={!queued && progress === 0}
            label={t('studio.training.progressLabel')}
          />
          <p className="text-sm text-stone-600">
            {version !== null
              ? t('studio.training.retrainingNote', { version })
              : t('studio.training.runningNote')}
          </p>
        </div>
      ) : (
        <div className="mt-3 flex flex-col gap-3">
          {version !== null && (
            <p className="text-sm text-stone-700">
              <Trans
                i18nKey="studio.training.onSale"
                values={{ version }}
                components={{ b: <strong className="font-semibold text-emerald-800" /> }}
              />{' '}
              <LocalLink
                to={`/styles/${styleId}`}
                className="font-medium text-violet-700 underline-offset-2 hover:underline"
              >
                {t('studio.training.viewPublic')}
              </LocalLink>
            </p>
          )}
          {version !== null && <Samples styleId={styleId} version={version} />}
          {failed && (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              {version !== null
                ? t('studio.training.retrainFailed', { version })
                : t('studio.training.failed')}{' '}
              {failed}
            </p>
          )}
          {style.status !== 'archived' && (
            <>
              <p className="text-sm text-stone-600">
                {block === 'too_few'
                  ? t('studio.training.needMore', {
                      count: TRAINING_IMAGES.min - imageCount,
                      min: TRAINING_IMAGES.min,
                    })
                  : block === 'too_many'
                    ? t('studio.training.needImages', { min: TRAINING_IMAGES.min, max: TRAINING_IMAGES.max })
                    : version !== null
                      ? t('studio.training.retrainHint', { count: imageCount })
                      : t('studio.training.readyToSubmit', { count: imageCount })}
              </p>
              {block === null && (
                <RightsAttestation checked={attested} onChange={setAttested} disabled={submit.isPending} />
              )}
              <Button
                className="self-start"
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
                        void queryClient.invalidateQueries({ queryKey: trpc.styles.mine.queryKey() });
                      },
                    },
                  )
                }
              >
                {version !== null
                  ? t('studio.training.retrain')
                  : failed
                    ? t('studio.training.submitAgain')
                    : t('studio.training.submit')}
              </Button>
              {uploading && <p className="text-xs text-stone-500">{t('studio.training.waitUploads')}</p>}
            </>
          )}
          {submitError === 'signature' ? (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              {t('studio.training.noSignature')}{' '}
              <LocalLink to="/artist/apply" className="font-medium underline">
                {t('studio.training.replaceSignature')}
              </LocalLink>
            </p>
          ) : (
            submitError && (
              <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
                {submitError}
              </p>
            )
          )}
        </div>
      )}
    </section>
  );
}
