// One tag of the selection: "n/m" of the selected pictures carry it; × or Delete removes it from all.
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export function TagChip({
  tag,
  count,
  of,
  onRemove,
  onAddToAll,
}: {
  tag: string;
  count: number;
  of: number;
  onRemove: () => void;
  onAddToAll: () => void;
}) {
  const { t } = useTranslation();
  const partial = count < of;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      const next = (event.currentTarget.closest('li')?.nextElementSibling ??
        event.currentTarget.closest('li')?.previousElementSibling) as HTMLElement | null;
      onRemove();
      next?.querySelector<HTMLElement>('[data-chip]')?.focus();
    }
  };
  return (
    <li
      className={`inline-flex max-w-full items-center rounded-full border text-sm ${partial ? 'border-dashed border-violet-300 bg-white text-violet-900' : 'border-violet-200 bg-violet-100 text-violet-950'}`}
    >
      <button
        type="button"
        data-chip
        onKeyDown={onKeyDown}
        onClick={partial ? onAddToAll : undefined}
        title={partial ? t('desktop.tags.addToAll', { tag }) : undefined}
        aria-label={t('desktop.tags.chipLabel', { tag, count, of })}
        className="flex min-w-0 items-center gap-1.5 rounded-full py-0.5 pl-2.5 focus-visible:outline-2 focus-visible:outline-violet-600"
      >
        <span className="truncate">{tag}</span>
        <span className="text-xs text-violet-700 tabular-nums">
          {count}/{of}
        </span>
      </button>
      <button
        type="button"
        onClick={onRemove}
        aria-label={t('desktop.tags.remove', { tag })}
        className="rounded-full px-2 py-0.5 text-violet-700 hover:text-red-700"
      >
        ×
      </button>
    </li>
  );
}
