// The style the artist publishes to (kept across sections: the checks count its images too).
import { create } from 'zustand';

interface PublishState {
  styleId: string | null;
  /** Images the chosen style already holds on the platform. */
  inStyle: number;
  setStyle: (styleId: string | null) => void;
  setInStyle: (count: number) => void;
}

export const usePublish = create<PublishState>()((set) => ({
  styleId: null,
  inStyle: 0,
  setStyle: (styleId) => set({ styleId, inStyle: 0 }),
  setInStyle: (inStyle) => set({ inStyle }),
}));
