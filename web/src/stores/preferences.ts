// Client-only preferences, kept in localStorage: the language the visitor picked (until they sign in, when
// the profile's language rules) and the last sort they used in search.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Locale, StyleSort } from '@style-license/shared';

interface Preferences {
  locale: Locale | null;
  searchSort: StyleSort;
  setLocale: (locale: Locale) => void;
  setSearchSort: (sort: StyleSort) => void;
}

export const usePreferences = create<Preferences>()(
  persist(
    (set) => ({
      locale: null,
      searchSort: 'popular',
      setLocale: (locale) => set({ locale }),
      setSearchSort: (searchSort) => set({ searchSort }),
    }),
    { name: 'style-license:preferences' },
  ),
);
