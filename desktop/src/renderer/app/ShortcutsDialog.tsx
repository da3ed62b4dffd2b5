// "?": every keyboard shortcut of the studio.
import { useTranslation } from 'react-i18next';
import { useCurate } from '../features/curate/curate-store';
import { Modal } from './Modal';

export const SHORTCUTS = [
  ['arrows', '← → ↑ ↓'],
  ['extend', 'Shift + ← → ↑ ↓'],
  // Words in a key combination are translated (`desktop.shortcuts.clickKeys`); key names are not.
  ['click', null],
  ['all', 'Ctrl + A'],
  ['rate', '0 – 5'],
  ['pick', 'P'],
  ['reject', 'X'],
  ['unpick', 'U'],
  ['preview', 'Space / Enter'],
  ['previewMove', '← →'],
  ['close', 'Esc'],
  ['compare', 'C'],
  ['tag', 'T'],
  ['accept', 'Enter / Tab'],
  ['back', 'Esc'],
  ['removeTag', 'Delete'],
  ['undo', 'Ctrl + Z'],
  ['redo', 'Ctrl + Shift + Z / Ctrl + Y'],
  ['help', '?'],
] as const;

export function ShortcutsDialog() {
  const { t } = useTranslation();
  const open = useCurate((s) => s.shortcuts);
  const setShortcuts = useCurate((s) => s.setShortcuts);
  return (
    <Modal open={open} onOpenChange={setShortcuts} title={t('desktop.shortcuts.title')} size="lg">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {SHORTCUTS.map(([name, keys]) => (
          <div key={name} className="contents">
            <dt>
              <kbd className="rounded border border-stone-300 bg-stone-50 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap text-stone-800">
                {keys ?? t('desktop.shortcuts.clickKeys')}
              </kbd>
            </dt>
            <dd className="text-stone-700">{t(`desktop.shortcuts.keys.${name}`)}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
