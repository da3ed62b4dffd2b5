// Library folders: the list, and adding (through the system's folder dialog), rescanning and removing
// them; scan progress arrives as core events while a scan runs.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '@style-license/web/lib/errors';
import { toast } from '@style-license/web/lib/toast';
import type { ScanProgress, ScanReport } from '../../../core/library/index';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { useStudioEvent } from '../../lib/use-studio-event';

export function useLibrary() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const folders = useQuery({ queryKey: keys.folders, queryFn: () => studio.listFolders() });
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.all });

  useStudioEvent('scan', (event) => setProgress(event.progress));
  useStudioEvent('library-changed', () => void refresh());

  const reported = (report: ScanReport) => {
    setProgress(null);
    toast(
      'success',
      t('desktop.library.scanned', { count: report.found - report.ignored, added: report.added }),
    );
  };
  const failed = (error: unknown) => {
    setProgress(null);
    toast('error', describeError(error, t));
  };

  const add = useMutation({
    mutationFn: async () => {
      const path = await studio.pickFolder();
      return path ? studio.addFolder({ path }) : null;
    },
    onSuccess: (report) => report && reported(report),
    onError: failed,
    onSettled: refresh,
  });
  const rescan = useMutation({
    mutationFn: (path: string) => studio.rescanFolder({ path }),
    onSuccess: reported,
    onError: failed,
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (path: string) => studio.removeFolder({ path }),
    onSuccess: ({ removed }) => toast('success', t('desktop.library.removed', { count: removed })),
    onError: failed,
    onSettled: refresh,
  });
  const scanning = add.isPending || rescan.isPending;
  return { folders, progress: scanning ? progress : null, scanning, add, rescan, remove };
}
