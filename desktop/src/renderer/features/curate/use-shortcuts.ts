/**
 * The studio's keyboard, outside text fields: 0–5 rate, P/X/U mark, Space or Enter preview, C compare,
 * T to the tag field, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo tag edits, ? this list.
 * Arrow keys belong to the grid (ImageGrid); an open dialog keeps its own keys.
 */
import { useEffect, useRef } from 'react';
import { isTyping } from '../../lib/images';
import { useCurate } from './curate-store';
import { useMarks } from './use-marks';

export interface ShortcutActions {
  undo: () => void;
  redo: () => void;
  focusTagInput: () => void;
}

const inDialog = (target: EventTarget | null) =>
  target instanceof Element && target.closest('[role="dialog"], [role="alertdialog"]') !== null;

export function useShortcuts(actions: ShortcutActions) {
  const marks = useMarks();
  const latest = useRef({ actions, marks });
  useEffect(() => {
    latest.current = { actions, marks };
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const { actions, marks } = latest.current;
      if (event.defaultPrevented || event.altKey || isTyping(event.target) || inDialog(event.target)) return;
      const state = useCurate.getState();
      const key = event.key;
      const command = event.ctrlKey || event.metaKey;
      if (command) {
        const lower = key.toLowerCase();
        if (lower === 'z' && !event.shiftKey) actions.undo();
        else if ((lower === 'z' && event.shiftKey) || lower === 'y') actions.redo();
        else return;
        event.preventDefault();
        return;
      }
      if (key === '?') state.setShortcuts(true);
      else if (/^[0-5]$/.test(key)) marks.setRating(Number(key));
      else if (key === 'p' || key === 'P') marks.setPick('picked');
      else if (key === 'x' || key === 'X') marks.setPick('rejected');
      else if (key === 'u' || key === 'U') marks.setPick('none');
      else if ((key === 'c' || key === 'C') && state.selected.size >= 2) state.setCompare(true);
      else if (key === 't' || key === 'T') actions.focusTagInput();
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
