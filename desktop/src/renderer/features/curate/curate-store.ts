/**
 * What the artist is looking at and working on: the filter and sort, the grid's loaded order of ids, the
 * selection (with its anchor and the focused cell, by index into that order), and the open views.
 */
import { create } from 'zustand';
import { EMPTY_FILTER, type FilterState, type SortState } from './filter';

export type Section = 'library' | 'grid' | 'tags' | 'checks' | 'publish';

interface CurateState {
  filter: FilterState;
  sort: SortState;
  /** The grid's images in order, as far as they are loaded. */
  ids: string[];
  selected: ReadonlySet<string>;
  focus: number;
  anchor: number;
  /** Index of the image shown full size, or null. */
  preview: number | null;
  compare: boolean;
  shortcuts: boolean;
  /** The one section shown at phone width. */
  section: Section;
  setFilter: (patch: Partial<FilterState>) => void;
  resetFilter: () => void;
  setSort: (sort: SortState) => void;
  setIds: (ids: string[]) => void;
  click: (index: number, how: { range: boolean; toggle: boolean }) => void;
  move: (delta: number, extend: boolean) => void;
  moveTo: (index: number, extend: boolean) => void;
  selectIds: (ids: string[]) => void;
  setPreview: (index: number | null) => void;
  setCompare: (open: boolean) => void;
  setShortcuts: (open: boolean) => void;
  setSection: (section: Section) => void;
}

const between = (ids: string[], a: number, b: number) =>
  new Set(ids.slice(Math.min(a, b), Math.max(a, b) + 1));

export const useCurate = create<CurateState>()((set, get) => ({
  filter: EMPTY_FILTER,
  sort: { by: 'path', direction: 'asc' },
  ids: [],
  selected: new Set(),
  focus: -1,
  anchor: -1,
  preview: null,
  compare: false,
  shortcuts: false,
  section: 'grid',
  setFilter: (patch) =>
    set((s) => ({ filter: { ...s.filter, ...patch }, selected: new Set(), focus: -1, anchor: -1 })),
  resetFilter: () => set({ filter: EMPTY_FILTER, selected: new Set(), focus: -1, anchor: -1 }),
  setSort: (sort) => set({ sort, focus: -1, anchor: -1 }),
  setIds: (ids) =>
    set((s) => {
      // Images gone from the list (a removed folder, a filter they no longer match) leave the selection.
      const present = new Set(ids);
      const selected = [...s.selected].filter((id) => present.has(id));
      return {
        ids,
        selected: selected.length === s.selected.size ? s.selected : new Set(selected),
        focus: Math.min(s.focus, ids.length - 1),
      };
    }),
  click: (index, { range, toggle }) =>
    set((s) => {
      const id = s.ids[index];
      if (id === undefined) return {};
      if (range && s.anchor >= 0) return { selected: between(s.ids, s.anchor, index), focus: index };
      if (toggle) {
        const selected = new Set(s.selected);
        if (selected.has(id)) selected.delete(id);
        else selected.add(id);
        return { selected, focus: index, anchor: index };
      }
      return { selected: new Set([id]), focus: index, anchor: index };
    }),
  move: (delta, extend) => {
    const { focus } = get();
    get().moveTo(focus < 0 ? 0 : focus + delta, extend);
  },
  moveTo: (target, extend) =>
    set((s) => {
      if (s.ids.length === 0) return {};
      const index = Math.max(0, Math.min(s.ids.length - 1, target));
      if (extend) {
        const anchor = s.anchor >= 0 ? s.anchor : Math.max(0, s.focus);
        return { focus: index, anchor, selected: between(s.ids, anchor, index) };
      }
      return { focus: index, anchor: index, selected: new Set([s.ids[index]!]) };
    }),
  selectIds: (ids) => set({ selected: new Set(ids) }),
  setPreview: (preview) => set({ preview }),
  setCompare: (compare) => set({ compare }),
  setShortcuts: (shortcuts) => set({ shortcuts }),
  setSection: (section) => set({ section }),
}));

/** The selected ids in grid order (those loaded), then any others. */
export function selectedInOrder(state: { ids: string[]; selected: ReadonlySet<string> }): string[] {
  const ordered = state.ids.filter((id) => state.selected.has(id));
  if (ordered.length === state.selected.size) return ordered;
  const seen = new Set(ordered);
  return [...ordered, ...[...state.selected].filter((id) => !seen.has(id))];
}
