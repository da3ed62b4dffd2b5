/**
 * Tag edits on the selection through the core's undoable editor: add, remove, undo, redo, and caption
 * sidecars. After each, and on every `tags-changed` event, the catalog and the undo state refresh.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '@style-license/web/lib/errors';
import { toast } from '@style-license/web/lib/toast';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { useStudioEvent } from '../../lib/use-studio-event';

export function useTagEdits() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const history = useQuery({ queryKey: keys.history, queryFn: () => studio.tagHistory() });
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.all });
  useStudioEvent('tags-changed', () => void refresh());
  const onError = (error: unknown) => toast('error', describeError(error, t));
  const common = { onError, onSettled: refresh };

  const add = useMutation({
    mutationFn: (input: { imageIds: string[]; tags: string[] }) => studio.addTags(input),
    ...common,
  });
  const remove = useMutation({
    mutationFn: (input: { imageIds: string[]; tags: string[] }) => studio.removeTags(input),
    ...common,
  });
  const undo = useMutation({ mutationFn: () => studio.undoTags(), ...common });
  const redo = useMutation({ mutationFn: () => studio.redoTags(), ...common });
  const importSidecars = useMutation({
    mutationFn: (ids: string[]) => studio.importSidecars({ ids, mode: 'append' }),
    onSuccess: (report) =>
      toast(
        report.read > 0 ? 'success' : 'info',
        t('desktop.tags.imported', {
          count: report.read,
          changed: report.changedImageIds.length,
          missing: report.missing.length,
        }),
      ),
    ...common,
  });
  const exportSidecars = useMutation({
    mutationFn: (ids: string[]) => studio.exportSidecars({ ids, overwrite: true }),
    onSuccess: (report) =>
      toast(
        report.failed.length + report.conflicts.length > 0 ? 'error' : 'success',
        t('desktop.tags.exported', {
          count: report.written.length,
          untagged: report.untagged.length,
          failed: report.failed.length + report.conflicts.length + report.notCaptions.length,
        }),
      ),
    ...common,
  });
  const canUndo = (history.data?.undo.length ?? 0) > 0;
  const canRedo = (history.data?.redo.length ?? 0) > 0;
  return {
    add,
    remove,
    undo: () => canUndo && !undo.isPending && undo.mutate(),
    redo: () => canRedo && !redo.isPending && redo.mutate(),
    canUndo,
    canRedo,
    importSidecars,
    exportSidecars,
  };
}
