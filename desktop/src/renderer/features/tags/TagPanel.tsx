/**
 * Tags of the selection: its tags as chips with "n/m", the field that adds, undo and redo, bulk rename
 * and find-and-replace, and caption sidecars (.txt beside each picture) in and out.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import { FindReplaceDialog } from './FindReplaceDialog';
import { TagChip } from './TagChip';
import { TagInput } from './TagInput';
import { useSelectionIds, useSelectionTags } from './use-selection-tags';
import type { useTagEdits } from './use-tag-edits';

export function TagPanel({ edits }: { edits: ReturnType<typeof useTagEdits> }) {
  const { t } = useTranslation();
  const ids = useSelectionIds();
  const { tags } = useSelectionTags(ids);
  const [dialog, setDialog] = useState(false);
  const none = ids.length === 0;
  const { add, remove } = edits;
  return (
    <section aria-labelledby="tags-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="tags-title" className="text-base font-semibold text-stone-900">
          {t('desktop.tags.title')}
        </h2>
        <span className="text-xs text-stone-600">
          {none ? t('desktop.tags.noSelection') : t('desktop.tags.selected', { count: ids.length })}
        </span>
      </div>
      <TagInput imageIds={ids} disabled={none} onAdd={(tag) => add.mutate({ imageIds: ids, tags: [tag] })} />
      {!none && tags.length === 0 && <p className="text-sm text-stone-600">{t('desktop.tags.untagged')}</p>}
      <ul aria-label={t('desktop.tags.listLabel')} className="flex flex-wrap gap-1.5">
        {tags.map(({ tag, count }) => (
          <TagChip
            key={tag}
            tag={tag}
            count={count}
            of={ids.length}
            onRemove={() => remove.mutate({ imageIds: ids, tags: [tag] })}
            onAddToAll={() => add.mutate({ imageIds: ids, tags: [tag] })}
          />
        ))}
      </ul>
      <div className="flex flex-wrap gap-1.5 border-t border-stone-200 pt-3">
        <Button look="secondary" size="sm" disabled={!edits.canUndo} onClick={edits.undo}>
          {t('desktop.tags.undo')}
        </Button>
        <Button look="secondary" size="sm" disabled={!edits.canRedo} onClick={edits.redo}>
          {t('desktop.tags.redo')}
        </Button>
        <Button look="secondary" size="sm" disabled={none} onClick={() => setDialog(true)}>
          {t('desktop.tags.findReplace')}
        </Button>
      </div>
      <div className="flex flex-wrap gap-1.5">
        <Button
          look="ghost"
          size="sm"
          disabled={none}
          busy={edits.importSidecars.isPending}
          onClick={() => edits.importSidecars.mutate(ids)}
        >
          {t('desktop.tags.import')}
        </Button>
        <Button
          look="ghost"
          size="sm"
          disabled={none}
          busy={edits.exportSidecars.isPending}
          onClick={() => edits.exportSidecars.mutate(ids)}
        >
          {t('desktop.tags.export')}
        </Button>
      </div>
      <FindReplaceDialog
        open={dialog}
        onOpenChange={setDialog}
        imageIds={ids}
        tags={tags.map((each) => each.tag)}
      />
    </section>
  );
}
