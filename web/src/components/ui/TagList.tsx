// Tags shown, not edited: plain, as links to a search, or as toggles. Apart from TagChips (the input), so a
// page that only lists tags (home, a style card) does not load the editor.
import { LocalLink } from '../LocalLink';

const LOOK_ON = 'bg-violet-700 text-white';
const LOOK_OFF = 'bg-stone-100 text-stone-700 hover:bg-violet-100 hover:text-violet-900';

/** Tags, read-only: plain, each a link (`linkTo`), or each a toggle button (`onToggle`, with `selected`). */
export function TagList({
  tags,
  linkTo,
  onToggle,
  selected = [],
  size = 'md',
  label,
}: {
  tags: string[];
  linkTo?: (tag: string) => string;
  onToggle?: (tag: string) => void;
  selected?: string[];
  size?: 'sm' | 'md';
  /** An accessible name for the list, when the context does not give one. */
  label?: string;
}) {
  const pad = size === 'sm' ? 'px-2 py-0.5 text-xs' : 'px-3 py-1 text-sm';
  const focus = 'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-violet-600';
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label={label}>
      {tags.map((tag) => {
        const on = selected.includes(tag);
        const look = on ? LOOK_ON : LOOK_OFF;
        return (
          <li key={tag}>
            {onToggle ? (
              <button
                type="button"
                aria-pressed={on}
                onClick={() => onToggle(tag)}
                className={`rounded-full ${pad} ${look} ${focus}`}
              >
                {tag}
              </button>
            ) : linkTo ? (
              <LocalLink to={linkTo(tag)} className={`inline-block rounded-full ${pad} ${look} ${focus}`}>
                {tag}
              </LocalLink>
            ) : (
              <span className={`inline-block rounded-full ${pad} bg-stone-100 text-stone-700`}>{tag}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
