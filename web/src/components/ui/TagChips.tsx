/**
 * Tags as chips. `TagChips` is the input: type a tag and press Enter or a comma (a pasted `a, b, c` adds
 * three), pick from optional suggestions with the arrow keys or the mouse, remove a chip with its ×
 * button or Backspace in the empty field. It is an ARIA combobox, so screen readers hear the suggestions.
 * `TagList` shows tags read-only, each optionally a link or a toggle. Tags are compared after
 * `normalise` (the platform's tag fold by default), so "Ink" and "ink" are one tag.
 */
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { normaliseTag } from '@style-license/shared';

export interface TagChipsProps {
  value: string[];
  onChange: (tags: string[]) => void;
  label: ReactNode;
  suggestions?: string[];
  max?: number;
  hint?: ReactNode;
  /** An error from outside (e.g. the server refused a tag); shown under the field. */
  error?: ReactNode;
  placeholder?: string;
  /** Only tags from `suggestions` may be added (a closed vocabulary, e.g. a style's tags). */
  onlySuggestions?: boolean;
  /** A sentence when a tag is refused (e.g. by the tag rules), or null to accept it. */
  validate?: (tag: string) => string | null;
  normalise?: (raw: string) => string;
  disabled?: boolean;
  /** How many suggestions to show at once. */
  suggestionLimit?: number;
  /** Show "n of max tags" under the field (when `max` is set). */
  showCount?: boolean;
}

export type AddResult = { value: string[]; problem: null } | { value: string[]; problem: AddProblem };
export type AddProblem =
  | { kind: 'duplicate'; tag: string }
  | { kind: 'max'; max: number }
  | { kind: 'notAllowed'; tag: string }
  | { kind: 'invalid'; tag: string; message: string };

/** Adds every comma-separated piece of `raw`; stops at the first refused piece and reports why. */
export function addTags(
  value: string[],
  raw: string,
  options: Pick<TagChipsProps, 'max' | 'suggestions' | 'onlySuggestions' | 'validate' | 'normalise'> = {},
): AddResult {
  const normalise = options.normalise ?? normaliseTag;
  const allowed = options.onlySuggestions ? new Set((options.suggestions ?? []).map(normalise)) : null;
  const next = [...value];
  for (const piece of raw.split(',')) {
    const tag = normalise(piece);
    if (tag === '') continue;
    if (next.some((t) => normalise(t) === tag)) return { value: next, problem: { kind: 'duplicate', tag } };
    if (options.max !== undefined && next.length >= options.max)
      return { value: next, problem: { kind: 'max', max: options.max } };
    if (allowed && !allowed.has(tag)) return { value: next, problem: { kind: 'notAllowed', tag } };
    const message = options.validate?.(tag) ?? null;
    if (message) return { value: next, problem: { kind: 'invalid', tag, message } };
    next.push(tag);
  }
  return { value: next, problem: null };
}

/** Suggestions not chosen yet that contain the typed text, those starting with it first. */
export function filterSuggestions(
  suggestions: string[],
  typed: string,
  chosen: string[],
  normalise: (raw: string) => string = normaliseTag,
  limit = 8,
): string[] {
  const query = normalise(typed);
  const taken = new Set(chosen.map(normalise));
  const seen = new Set<string>();
  const starts: string[] = [];
  const contains: string[] = [];
  for (const suggestion of suggestions) {
    const tag = normalise(suggestion);
    if (taken.has(tag) || seen.has(tag)) continue;
    seen.add(tag);
    if (query === '' || tag.startsWith(query)) starts.push(tag);
    else if (tag.includes(query)) contains.push(tag);
  }
  return [...starts, ...contains].slice(0, limit);
}

export function TagChips({
  value,
  onChange,
  label,
  suggestions = [],
  max,
  hint,
  error,
  placeholder,
  onlySuggestions = false,
  validate,
  normalise = normaliseTag,
  disabled = false,
  suggestionLimit = 8,
  showCount = true,
}: TagChipsProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [problem, setProblem] = useState<string | null>(null);
  const options = filterSuggestions(suggestions, text, value, normalise, suggestionLimit);
  const showList = open && options.length > 0 && !disabled;
  const full = max !== undefined && value.length >= max;

  function describe(p: AddProblem): string {
    if (p.kind === 'duplicate') return t('common.tagChips.duplicate', { tag: p.tag });
    if (p.kind === 'max') return t('common.tagChips.max', { count: p.max });
    if (p.kind === 'notAllowed') return t('common.tagChips.notAllowed', { tag: p.tag });
    return p.message;
  }

  function add(raw: string) {
    const result = addTags(value, raw, { max, suggestions, onlySuggestions, validate, normalise });
    if (result.value.length !== value.length) onChange(result.value);
    setProblem(result.problem ? describe(result.problem) : null);
    // A refused piece stays in the field to be corrected; accepted text clears it.
    if (!result.problem) setText('');
    setActive(-1);
  }

  function remove(index: number) {
    onChange(value.filter((_, i) => i !== index));
    setProblem(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // While an IME is composing (Korean, Japanese…), Enter commits the syllable, not the tag: adding then
    // would cut the tag short and leave the last syllable behind in the field.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (event.key === 'Enter' || event.key === ',') {
      // Never let Enter through, even in an empty field: inside a form it would submit it.
      event.preventDefault();
      const choice = showList && active >= 0 ? options[active] : undefined;
      if (choice !== undefined || text.trim() !== '') add(choice ?? text);
    } else if (event.key === 'ArrowDown' && options.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (event.key === 'Escape' && showList) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
      remove(value.length - 1);
    }
  }

  const hintId = `${id}-hint`;
  const helpId = `${id}-help`;
  const problemId = `${id}-problem`;
  const listId = `${id}-list`;
  const shownError = error ?? problem;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-stone-800">
        {label}
      </label>
      <div className="relative">
        <div
          className={`flex min-h-11 flex-wrap items-center gap-1.5 rounded-lg border bg-white px-2 py-1.5 focus-within:border-violet-600 focus-within:outline-2 focus-within:outline-violet-600/30 ${shownError ? 'border-red-600' : 'border-stone-300'} ${disabled ? 'opacity-60' : ''}`}
        >
          {value.map((tag, index) => (
            <span
              key={tag}
              className="inline-flex items-center gap-1 rounded-full bg-violet-100 py-0.5 pr-1 pl-2.5 text-sm text-violet-900"
            >
              {tag}
              <button
                type="button"
                disabled={disabled}
                onClick={() => remove(index)}
                aria-label={t('common.tagChips.remove', { tag })}
                className="inline-flex size-5 items-center justify-center rounded-full text-violet-700 hover:bg-violet-200 focus-visible:outline-2 focus-visible:outline-violet-600"
              >
                <span aria-hidden="true">×</span>
              </button>
            </span>
          ))}
          <input
            id={id}
            type="text"
            role="combobox"
            autoComplete="off"
            enterKeyHint="enter"
            disabled={disabled}
            value={text}
            placeholder={full ? undefined : (placeholder ?? t('common.tagChips.placeholder'))}
            aria-autocomplete="list"
            aria-expanded={showList}
            aria-controls={listId}
            aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
            aria-invalid={shownError ? true : undefined}
            aria-describedby={[hint ? hintId : null, helpId, shownError ? problemId : null]
              .filter(Boolean)
              .join(' ')}
            onChange={(e) => {
              const next = e.target.value;
              // A paste or a phone keyboard can bring a comma without a key event.
              if (next.includes(',')) add(next);
              else {
                setText(next);
                setOpen(true);
                setActive(-1);
                setProblem(null);
              }
            }}
            onKeyDown={onKeyDown}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            className="min-w-[8rem] flex-1 border-0 bg-transparent px-1 py-1 text-base text-stone-900 placeholder:text-stone-400 focus:outline-none"
          />
        </div>
        <ul
          id={listId}
          role="listbox"
          aria-label={t('common.tagChips.suggestions')}
          hidden={!showList}
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-lg border border-stone-200 bg-white py-1 shadow-lg"
        >
          {showList &&
            options.map((option, index) => (
              <li
                key={option}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                // mousedown, not click: the input keeps focus, so the list does not close first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  add(option);
                }}
                className={`cursor-pointer px-3 py-2 text-sm ${index === active ? 'bg-violet-100 text-violet-900' : 'text-stone-800 hover:bg-stone-100'}`}
              >
                {option}
              </li>
            ))}
        </ul>
      </div>
      {hint && (
        <p id={hintId} className="text-xs text-stone-600">
          {hint}
        </p>
      )}
      <p id={helpId} className="sr-only">
        {t('common.tagChips.help')}
      </p>
      {showCount && max !== undefined && (
        <p className="text-xs text-stone-500" aria-live="polite">
          {t('common.tagChips.count', { count: value.length, max })}
        </p>
      )}
      {shownError && (
        <p id={problemId} role="alert" className="text-sm text-red-700">
          {shownError}
        </p>
      )}
    </div>
  );
}
