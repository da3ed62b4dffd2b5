/**
 * The field that adds tags to the selection, with the library's and the platform's tags as suggestions
 * (an ARIA combobox): arrows choose, Enter or Tab accepts, Enter on typed text adds it, Esc goes back to
 * the grid. A Korean syllable being composed is never taken for Enter.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { studio } from '../../lib/studio';
import { focusGrid, TAG_INPUT_ID } from './focus';

export function TagInput({
  imageIds,
  onAdd,
  disabled,
}: {
  imageIds: string[];
  onAdd: (tag: string) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const listId = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const query = text.trim();
  const suggestions = useQuery({
    queryKey: ['studio', 'suggest', query, imageIds.slice(0, 1000)],
    queryFn: () => studio.suggestTags({ query, imageIds: imageIds.slice(0, 1000), limit: 8 }),
    enabled: query !== '' && !disabled,
    placeholderData: keepPreviousData,
  });
  const options = query === '' ? [] : (suggestions.data ?? []);
  const open = options.length > 0;

  function accept(tag: string) {
    if (!tag.trim()) return;
    onAdd(tag.trim());
    setText('');
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'ArrowDown' && open) setActive((i) => (i + 1) % options.length);
    else if (event.key === 'ArrowUp' && open) setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    else if (event.key === 'Enter') accept(active >= 0 && options[active] ? options[active].tag : text);
    else if (event.key === 'Tab' && open && active >= 0 && options[active]) accept(options[active].tag);
    else if (event.key === 'Escape') {
      if (open && text) {
        setText('');
        setActive(-1);
      } else focusGrid();
    } else return;
    event.preventDefault();
  }

  return (
    <div className="relative">
      <input
        id={TAG_INPUT_ID}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        aria-label={t('desktop.tags.inputLabel')}
        placeholder={disabled ? t('desktop.tags.selectFirst') : t('desktop.tags.inputPlaceholder')}
        disabled={disabled}
        value={text}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        className="h-9 w-full rounded-lg border border-stone-300 bg-white px-3 text-sm disabled:bg-stone-100"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={t('desktop.tags.suggestions')}
        className={`absolute z-30 mt-1 max-h-64 w-full overflow-auto rounded-lg border border-stone-200 bg-white py-1 shadow-lg ${open ? '' : 'hidden'}`}
      >
        {options.map((option, i) => (
          <li
            key={option.tag}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(event) => {
              event.preventDefault();
              accept(option.tag);
            }}
            className={`flex items-center gap-2 px-3 py-1.5 text-sm ${i === active ? 'bg-violet-100 text-violet-900' : 'text-stone-800'}`}
          >
            <span className="min-w-0 flex-1 truncate">{option.tag}</span>
            <span className="shrink-0 text-xs text-stone-500 tabular-nums">
              {option.source === 'local'
                ? t('desktop.tags.localCount', { count: option.localCount })
                : t('desktop.tags.platformCount', { count: option.platformCount })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
