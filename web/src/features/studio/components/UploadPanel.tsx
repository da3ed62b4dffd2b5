/**
 * Dropping training images: files are checked here first (type, size, the 100-image limit), hashed,
 * sent four at a time with a progress bar each and overall, and confirmed by the server, which accepts or
 * refuses each by its own rules. The queue is client state (upload-queue.ts) and survives leaving the page.
 */
import { useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useDropzone } from 'react-dropzone';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { TRAINING_IMAGES } from '@style-license/shared';
import { Button } from '../../../components/ui/Button';
import { useTRPC, useTRPCClient } from '../../../lib/trpc';
import { uploadRunner } from '../browser-upload';
import { ACCEPTED_TYPES, summarise, uploadQueue, useUploadQueue } from '../upload-queue';
import { ProgressBar } from './StyleThumb';
import { UploadRow } from './UploadRow';

const ZONE =
  'flex flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-6 py-8 text-center transition-colors';
const ZONE_DISABLED = 'border-stone-200 bg-stone-50 text-stone-400';
const ZONE_ACTIVE = 'border-violet-500 bg-violet-50';
const ZONE_IDLE = 'border-stone-300 bg-white hover:border-violet-400';
/** What the file dialog offers; anything else dropped is still listed, refused with its reason. */
const INPUT_ACCEPT = ACCEPTED_TYPES.join(',');

export function UploadPanel({
  styleId,
  acceptedCount,
  disabled,
  tagSuggestions,
}: {
  styleId: string;
  acceptedCount: number;
  disabled: boolean;
  tagSuggestions: string[];
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const items = useUploadQueue(useShallow((s) => s.items.filter((i) => i.styleId === styleId)));
  const summary = useMemo(() => summarise(items), [items]);
  const runner = uploadRunner(client, queryClient, (id) => trpc.training.images.queryKey({ styleId: id }));

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    // Every file reaches the queue, so a wrong one is listed with the reason instead of vanishing.
    onDrop: (accepted, rejected) => {
      uploadQueue.getState().add(styleId, [...accepted, ...rejected.map((r) => r.file)], acceptedCount);
      void runner.kick();
    },
    disabled,
    noClick: true,
    // The zone is for dropping: keyboard users have the "Choose files" button, so the zone itself is not
    // a focus stop without a name.
    noKeyboard: true,
    multiple: true,
  });

  const places = Math.max(0, TRAINING_IMAGES.max - acceptedCount);
  return (
    <div className="flex flex-col gap-4">
      {!disabled && (
        <div
          {...getRootProps({
            className: `${ZONE} ${disabled ? ZONE_DISABLED : isDragActive ? ZONE_ACTIVE : ZONE_IDLE}`,
          })}
        >
          <input {...getInputProps({ accept: INPUT_ACCEPT, 'aria-label': t('studio.upload.inputLabel') })} />
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            className="size-8 text-violet-500"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
          >
            <path
              strokeLinecap="round"
              strokeLinejoin="round"
              d="M3 16.5v2.25A2.25 2.25 0 0 0 5.25 21h13.5A2.25 2.25 0 0 0 21 18.75V16.5m-13.5-9L12 3m0 0 4.5 4.5M12 3v13.5"
            />
          </svg>
          <p className="text-sm font-medium text-stone-800">
            {isDragActive ? t('studio.upload.dropNow') : t('studio.upload.dropHere')}
          </p>
          <p className="max-w-md text-xs text-stone-600">{t('studio.upload.rules', { places })}</p>
          <Button look="secondary" size="sm" onClick={open} disabled={disabled}>
            {t('studio.upload.choose')}
          </Button>
        </div>
      )}

      {items.length > 0 && (
        <section
          aria-label={t('studio.upload.queueLabel')}
          className="rounded-xl border border-stone-200 bg-white px-4 py-3"
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm font-medium text-stone-800" aria-live="polite">
              {t('studio.upload.summary', { accepted: summary.accepted, total: summary.total })}
              {summary.refused > 0 && (
                <span className="text-red-700">
                  {' '}
                  · {t('studio.upload.refusedCount', { count: summary.refused })}
                </span>
              )}
              {summary.failed > 0 && (
                <span className="text-amber-800">
                  {' '}
                  · {t('studio.upload.failedCount', { count: summary.failed })}
                </span>
              )}
            </p>
            <div className="flex gap-1">
              {summary.failed > 0 && (
                <Button
                  look="secondary"
                  size="sm"
                  onClick={() => {
                    for (const item of items)
                      if (item.state === 'failed') uploadQueue.getState().retry(item.id);
                    void runner.kick();
                  }}
                >
                  {t('studio.upload.retryAll')}
                </Button>
              )}
              {summary.active === 0 && (
                <Button look="ghost" size="sm" onClick={() => uploadQueue.getState().clearFinished(styleId)}>
                  {t('studio.upload.clear')}
                </Button>
              )}
            </div>
          </div>
          <div className="mt-2">
            <ProgressBar
              value={summary.progress}
              tone={summary.active === 0 && summary.refused + summary.failed === 0 ? 'emerald' : 'violet'}
              label={t('studio.upload.overall')}
            />
          </div>
          <ul className="mt-1 divide-y divide-stone-100">
            {/* Once nothing is moving, the accepted files are in the image grid below: list only the rest. */}
            {(summary.active === 0 ? items.filter((i) => i.state !== 'accepted') : items).map((item) => (
              <UploadRow
                key={item.id}
                item={item}
                suggestions={tagSuggestions}
                onRetry={() => {
                  uploadQueue.getState().retry(item.id);
                  void runner.kick();
                }}
              />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
