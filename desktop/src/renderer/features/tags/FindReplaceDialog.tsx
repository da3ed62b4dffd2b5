/**
 * Bulk rename and find-and-replace over tags, always previewed before it is applied: what each distinct
 * tag becomes and on how many pictures, and the results the platform would refuse (which block applying).
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import { ErrorNotice } from '@style-license/web/ui/Feedback';
import { Field, inputClass } from '@style-license/web/ui/Field';
import { toast } from '@style-license/web/lib/toast';
import type { FindReplaceInput, FindReplacePreview } from '../../../core/tags/index';
import { Modal } from '../../app/Modal';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { allIds } from '../grid/use-catalog';

const KINDS = ['rename', 'replace'] as const;
type Kind = (typeof KINDS)[number];

function PreviewList({ preview }: { preview: FindReplacePreview }) {
  const { t } = useTranslation();
  if (preview.rewrites.length === 0 && preview.problems.length === 0)
    return <p className="text-sm text-stone-600">{t('desktop.findReplace.nothing')}</p>;
  return (
    <div className="flex flex-col gap-2" aria-live="polite">
      <h3 className="text-sm font-semibold text-stone-900">
        {t('desktop.findReplace.previewTitle', { count: preview.changes.length })}
      </h3>
      <ul className="flex max-h-48 flex-col gap-1 overflow-auto text-sm">
        {preview.rewrites.map((rewrite) => (
          <li key={rewrite.from} className="flex flex-wrap gap-x-2">
            <span className="text-stone-500 line-through">{rewrite.from}</span>
            <span aria-hidden="true">→</span>
            <span className="font-medium text-stone-900">
              {rewrite.to ?? t('desktop.findReplace.removed')}
            </span>
            <span className="text-stone-500">
              {t('desktop.findReplace.onPictures', { count: rewrite.imageCount })}
            </span>
          </li>
        ))}
      </ul>
      {preview.problems.map((problem) => (
        <p key={problem.from} role="alert" className="rounded bg-red-50 px-2 py-1 text-sm text-red-800">
          {t('desktop.findReplace.refused', { from: problem.from, result: problem.result })}
        </p>
      ))}
    </div>
  );
}

export function FindReplaceDialog({
  open,
  onOpenChange,
  imageIds,
  tags,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  imageIds: string[];
  tags: string[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('rename');
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const [regex, setRegex] = useState(false);
  const [everywhere, setEverywhere] = useState(false);
  const [preview, setPreview] = useState<{ key: string; value: FindReplacePreview } | null>(null);

  const input = async (): Promise<FindReplaceInput> => {
    const ids =
      kind === 'rename' && everywhere
        ? await allIds({ tags: { tag: find.trim() } }, { by: 'path', direction: 'asc' })
        : imageIds;
    return kind === 'rename'
      ? { imageIds: ids, find: find.trim(), replace: replace.trim(), mode: 'text', wholeTag: true }
      : { imageIds: ids, find, replace, mode: regex ? 'regex' : 'text' };
  };
  const key = JSON.stringify([kind, find, replace, regex, everywhere, imageIds.length]);
  const look = useMutation({
    mutationFn: async () => studio.previewFindReplace(await input()),
    onSuccess: (value) => setPreview({ key, value }),
  });
  const apply = useMutation({
    mutationFn: async () =>
      kind === 'rename'
        ? studio.renameTag({ from: find.trim(), to: replace.trim(), ...(everywhere ? {} : { imageIds }) })
        : studio.findReplace(await input()),
    onSuccess: (result) => {
      toast('success', t('desktop.findReplace.applied', { count: result.changedImageIds.length }));
      void queryClient.invalidateQueries({ queryKey: keys.all });
      setPreview(null);
      onOpenChange(false);
    },
  });
  const current = preview?.key === key ? preview.value : null;
  const canApply =
    current !== null &&
    current.problems.length === 0 &&
    current.changes.length > 0 &&
    (kind === 'replace' || replace.trim() !== '');

  return (
    <Modal open={open} onOpenChange={onOpenChange} title={t('desktop.findReplace.title')} size="lg">
      <form
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          look.mutate();
        }}
      >
        <fieldset className="flex flex-wrap gap-4 text-sm">
          <legend className="sr-only">{t('desktop.findReplace.kind')}</legend>
          {KINDS.map((each) => (
            <label key={each} className="flex items-center gap-1.5">
              <input type="radio" name="kind" checked={kind === each} onChange={() => setKind(each)} />
              {t(`desktop.findReplace.${each}`)}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={kind === 'rename' ? t('desktop.findReplace.from') : t('desktop.findReplace.find')}>
            <input
              className={inputClass}
              value={find}
              list="selection-tags"
              onChange={(e) => setFind(e.target.value)}
            />
          </Field>
          <Field
            label={kind === 'rename' ? t('desktop.findReplace.to') : t('desktop.findReplace.replaceWith')}
          >
            <input className={inputClass} value={replace} onChange={(e) => setReplace(e.target.value)} />
          </Field>
        </div>
        <datalist id="selection-tags">
          {tags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <label className="flex items-center gap-1.5 text-sm text-stone-700">
          {kind === 'rename' ? (
            <input type="checkbox" checked={everywhere} onChange={(e) => setEverywhere(e.target.checked)} />
          ) : (
            <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} />
          )}
          {kind === 'rename' ? t('desktop.findReplace.everywhere') : t('desktop.findReplace.regex')}
        </label>
        <p className="text-xs text-stone-600">
          {kind === 'rename' && everywhere
            ? t('desktop.findReplace.scopeLibrary')
            : t('desktop.findReplace.scopeSelection', { count: imageIds.length })}
        </p>
        {look.isError && <ErrorNotice error={look.error} />}
        {apply.isError && <ErrorNotice error={apply.error} />}
        {current && <PreviewList preview={current} />}
        <div className="flex flex-wrap justify-end gap-2">
          <Button
            type="submit"
            look="secondary"
            busy={look.isPending}
            disabled={!find.trim() || imageIds.length === 0}
          >
            {t('desktop.findReplace.preview')}
          </Button>
          <Button busy={apply.isPending} disabled={!canApply} onClick={() => apply.mutate()}>
            {t('desktop.findReplace.apply')}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
