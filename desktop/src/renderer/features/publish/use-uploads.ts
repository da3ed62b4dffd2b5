/**
 * The upload queue as the core reports it: totals by state and the share of bytes sent, refreshed on the
 * core's upload events (a burst of them refreshes once); whether it runs, and why not, is the report's `run`.
 */
import { useRef } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '@style-license/web/lib/errors';
import { toast } from '@style-license/web/lib/toast';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { useStudioEvent } from '../../lib/use-studio-event';
import { allIds } from '../grid/use-catalog';

export function useUploads(onStopped: () => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const report = useQuery({ queryKey: keys.uploads, queryFn: () => studio.uploadReport() });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useStudioEvent('upload', ({ event }) => {
    if (event.kind === 'stopped') {
      queryClient.setQueryData(keys.uploads, event.report);
      onStopped();
      return;
    }
    timer.current ??= setTimeout(() => {
      timer.current = null;
      void report.refetch();
    }, 200);
  });
  const onError = (error: unknown) => toast('error', describeError(error, t));
  const upload = useMutation({
    mutationFn: async (styleId: string) => {
      const imageIds = await allIds({ picks: ['picked'] }, { by: 'path', direction: 'asc' });
      return studio.uploadPicked({ styleId, imageIds });
    },
    onSuccess: () => void report.refetch(),
    onError,
  });
  const settle = {
    onSuccess: (value: Awaited<ReturnType<typeof studio.uploadReport>>) =>
      queryClient.setQueryData(keys.uploads, value),
    onError,
  };
  const pause = useMutation({ mutationFn: () => studio.pauseUploads(), ...settle });
  const resume = useMutation({
    mutationFn: () => studio.resumeUploads(),
    ...settle,
  });
  const retry = useMutation({
    mutationFn: () => studio.retryFailedUploads(),
    ...settle,
  });
  return { report, upload, pause, resume, retry };
}
