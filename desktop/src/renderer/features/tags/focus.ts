// Moving the keyboard between the grid and the tag field (T, and Esc back); at phone width the section
// holding the target is shown first (synchronously, so keys typed right after T land in the field).
import { flushSync } from 'react-dom';
import { useCurate, type Section } from '../curate/curate-store';

export const TAG_INPUT_ID = 'tag-input';

function show(section: Section, target: () => HTMLElement | null) {
  flushSync(() => useCurate.getState().setSection(section));
  target()?.focus();
}

export function focusTagInput() {
  show('tags', () => document.getElementById(TAG_INPUT_ID));
}

export function focusGrid() {
  show('grid', () => document.querySelector<HTMLElement>('[data-grid]'));
}
