// The library's folders with their picture counts: add one (folder dialog, then a scan with progress),
// rescan one, or remove one from the library (its files stay on disk).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import { ErrorNotice } from '@style-license/web/ui/Feedback';
import { ProgressBar } from '@style-license/web/studio/components/StyleThumb';
import type { LibraryFolder } from '../../../core/catalog/index';
import { fileName } from '../../lib/images';
import { useLibrary } from './use-library';

function FolderRow({
  folder,
  busy,
  onRescan,
  onRemove,
}: {
  folder: LibraryFolder;
  busy: boolean;
  onRescan: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const name = fileName(folder.path);
  return (
    <li className="rounded-lg border border-stone-200 bg-white p-2">
      <div className="flex items-baseline gap-2">
        <span className="min-w-0 flex-1 truncate font-medium text-stone-900" title={folder.path}>
          {name}
        </span>
        <span className="shrink-0 text-xs text-stone-600 tabular-nums">
          {t('desktop.library.pictures', { count: folder.images })}
        </span>
      </div>
      <div className="mt-1 flex flex-wrap gap-1">
        <Button
          look="ghost"
          size="sm"
          disabled={busy}
          onClick={onRescan}
          aria-label={t('desktop.library.rescanNamed', { name })}
        >
          {t('desktop.library.rescan')}
        </Button>
        {confirming ? (
          <>
            <Button look="danger" size="sm" onClick={onRemove}>
              {t('desktop.library.confirmRemove')}
            </Button>
            <Button look="ghost" size="sm" onClick={() => setConfirming(false)}>
              {t('common.actions.cancel')}
            </Button>
          </>
        ) : (
          <Button
            look="ghost"
            size="sm"
            disabled={busy}
            onClick={() => setConfirming(true)}
            aria-label={t('desktop.library.removeNamed', { name })}
          >
            {t('desktop.library.remove')}
          </Button>
        )}
      </div>
    </li>
  );
}

export function LibraryPanel() {
  const { t } = useTranslation();
  const { folders, progress, scanning, add, rescan, remove } = useLibrary();
  const total = folders.data?.reduce((sum, folder) => sum + folder.images, 0) ?? 0;
  return (
    <section aria-labelledby="library-title" className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h2 id="library-title" className="text-sm font-semibold text-stone-900">
          {t('desktop.library.title')}
        </h2>
        <span className="text-xs text-stone-600 tabular-nums">
          {t('desktop.library.pictures', { count: total })}
        </span>
      </div>
      <Button
        look="secondary"
        size="sm"
        busy={add.isPending}
        disabled={scanning}
        onClick={() => add.mutate()}
      >
        {t('desktop.library.add')}
      </Button>
      {scanning && (
        <div role="status" className="flex flex-col gap-1 text-xs text-stone-600">
          <span>
            {progress
              ? t('desktop.library.scanning', { processed: progress.processed, found: progress.found })
              : t('desktop.library.scanStarting')}
          </span>
          <ProgressBar
            value={progress && progress.found > 0 ? progress.processed / progress.found : 0}
            pulse={!progress}
            label={t('desktop.library.scanProgress')}
          />
        </div>
      )}
      {folders.isError && <ErrorNotice error={folders.error} onRetry={() => void folders.refetch()} />}
      {folders.data?.length === 0 && !scanning && (
        <p className="text-xs text-stone-600">{t('desktop.library.none')}</p>
      )}
      <ul className="flex flex-col gap-2">
        {folders.data?.map((folder) => (
          <FolderRow
            key={folder.path}
            folder={folder}
            busy={scanning || remove.isPending}
            onRescan={() => rescan.mutate(folder.path)}
            onRemove={() => remove.mutate(folder.path)}
          />
        ))}
      </ul>
    </section>
  );
}
