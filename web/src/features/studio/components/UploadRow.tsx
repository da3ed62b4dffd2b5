// One file in the upload queue: preview, name, state, progress, why it was refused, its tags, retry.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button';
import { TagChips } from '../../../components/ui/TagChips';
import { MAX_TAGS } from '@style-license/shared';
import { isActive, isFinished, uploadQueue, type UploadItem } from '../upload-queue';
import { tagProblem } from '../style-rules';
import { ProgressBar } from './StyleThumb';
import { useUploadMessages } from './upload-messages';

function useObjectUrl(file: File, show: boolean) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!show) return;
    const made = URL.createObjectURL(file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file, show]);
  return url;
}

const STATE_LOOK: Record<UploadItem['state'], string> = {
  hashing: 'text-stone-600',
  waiting: 'text-stone-600',
  requesting: 'text-violet-700',
  uploading: 'text-violet-700',
  confirming: 'text-violet-700',
  accepted: 'text-emerald-700',
  refused: 'text-red-700',
  failed: 'text-amber-800',
};

export function UploadRow({
  item,
  suggestions,
  onRetry,
}: {
  item: UploadItem;
  suggestions: string[];
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const messages = useUploadMessages();
  const [editing, setEditing] = useState(false);
  const preview = useObjectUrl(item.file, item.rule !== 'format' && item.rule !== 'max_bytes');
  const problem = item.state === 'refused' || item.state === 'failed' ? messages.problem(item) : null;
  const canTag = !isFinished(item.state) && !isActive(item.state);

  return (
    <li className="flex flex-col gap-2 py-3">
      {/* On a phone the actions wrap under the name, which keeps the width it needs. */}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <div className="size-12 shrink-0 overflow-hidden rounded-md bg-stone-100">
          {preview && <img src={preview} alt="" className="size-full object-cover" />}
        </div>
        <div className="min-w-0 flex-1 basis-48">
          <div className="flex items-baseline justify-between gap-3">
            <p className="truncate text-sm font-medium text-stone-900" title={item.fileName}>
              {item.fileName}
            </p>
            <span className={`shrink-0 text-xs font-medium ${STATE_LOOK[item.state]}`}>
              {t(`studio.upload.state.${item.state}`)}
            </span>
          </div>
          {!isFinished(item.state) ? (
            <div className="mt-1.5">
              <ProgressBar
                value={item.state === 'confirming' ? 1 : item.progress}
                label={t('studio.upload.fileProgress', { name: item.fileName })}
              />
            </div>
          ) : (
            <p
              className={`mt-0.5 text-xs ${problem ? (item.state === 'failed' ? 'text-amber-800' : 'text-red-700') : 'text-stone-500'}`}
            >
              {problem ?? (item.warning ? t('studio.upload.nearDuplicate') : messages.size(item.size))}
            </p>
          )}
          {item.tags.length > 0 && !editing && (
            <p className="mt-1 truncate text-xs text-stone-500">{item.tags.join(' · ')}</p>
          )}
        </div>
        <div className="ml-auto flex shrink-0 gap-1 empty:hidden">
          {canTag && (
            <Button
              look="ghost"
              size="sm"
              aria-expanded={editing}
              aria-label={t(item.tags.length > 0 ? 'studio.upload.editTagsFor' : 'studio.upload.addTagsFor', {
                name: item.fileName,
              })}
              onClick={() => setEditing((e) => !e)}
            >
              {item.tags.length > 0 ? t('studio.upload.editTags') : t('studio.upload.addTags')}
            </Button>
          )}
          {item.state === 'failed' && (
            <Button
              look="secondary"
              size="sm"
              aria-label={t('studio.upload.retryFile', { name: item.fileName })}
              onClick={onRetry}
            >
              {t('common.actions.retry')}
            </Button>
          )}
          {(isFinished(item.state) && item.state !== 'accepted') ||
          item.state === 'waiting' ||
          item.state === 'hashing' ? (
            <Button
              look="ghost"
              size="sm"
              aria-label={t('studio.upload.removeFile', { name: item.fileName })}
              onClick={() => uploadQueue.getState().remove(item.id)}
            >
              <span aria-hidden="true">×</span>
            </Button>
          ) : null}
        </div>
      </div>
      {editing && canTag && (
        <div className="sm:pl-15">
          <TagChips
            label={t('studio.upload.imageTags', { name: item.fileName })}
            value={item.tags}
            onChange={(tags) => uploadQueue.getState().setTags(item.id, tags)}
            suggestions={suggestions}
            max={MAX_TAGS}
            validate={(tag) => tagProblem(tag, t)}
          />
        </div>
      )}
    </li>
  );
}
