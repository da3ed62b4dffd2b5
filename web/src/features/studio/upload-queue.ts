/**
 * The training-image upload queue: client state only (zustand), one entry per dropped file with its
 * state, progress, tags and, when it ended badly, the rule that refused it. The network work is done by
 * upload-runner.ts, which moves entries through the states with the actions here.
 *
 *   hashing → waiting → requesting → uploading → confirming → accepted
 *                                                            ↘ refused(rule) | failed(code, rule?)
 * A file the browser can already tell is wrong (type, size, one too many, a copy) is refused on adding.
 * A confirm whose answer is lost may still have been accepted: `confirmLost` remembers it, so the
 * server's `duplicate` for the retry (the token or the bytes were already confirmed) reads as accepted.
 * Transitions not in TRANSITIONS are ignored, so a late callback cannot undo an end state.
 */
import { createStore, useStore } from 'zustand';
import { TRAINING_IMAGES, type ErrorCode } from '@style-license/shared';
import { onSignOut } from '../../lib/sign-out';

export type UploadState =
  'hashing' | 'waiting' | 'requesting' | 'uploading' | 'confirming' | 'accepted' | 'refused' | 'failed';

/** What the server's links are: a presigned PUT and its signed token, valid until `expiresAt` (ms). */
export interface UploadLink {
  url: string;
  uploadToken: string;
  expiresAt: number;
}

export interface UploadItem {
  id: string;
  styleId: string;
  file: File;
  fileName: string;
  size: number;
  state: UploadState;
  /** Share of the bytes sent, 0–1 (the PUT's upload progress). */
  progress: number;
  sha256: string | null;
  link: UploadLink | null;
  tags: string[];
  /** Why it was refused (client or server rule), or why it failed when a rule says (`expired`). */
  rule: string | null;
  /** The API error of a failure; null for a network failure or none. */
  errorCode: ErrorCode | null;
  /** The server accepted it but it looks like an image already in the style. */
  warning: string | null;
  retries: number;
  /** A confirm for it was sent and no answer came back: the server may have accepted it already. */
  confirmLost: boolean;
}

/** Largest training image the server takes (training.requestUploads `byteSize`). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const ACCEPTED_TYPES = ['image/png', 'image/jpeg'] as const;
const ACCEPTED_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

const TRANSITIONS: Record<UploadState, UploadState[]> = {
  hashing: ['waiting', 'refused', 'failed'],
  waiting: ['requesting', 'uploading', 'failed'],
  requesting: ['uploading', 'waiting', 'failed'],
  uploading: ['confirming', 'waiting', 'failed'],
  confirming: ['accepted', 'refused', 'failed'],
  accepted: [],
  refused: [],
  failed: ['waiting', 'hashing'],
};

export const isFinished = (state: UploadState) =>
  state === 'accepted' || state === 'refused' || state === 'failed';
/** Still holds a place among the style's 100 images. */
const holdsPlace = (item: UploadItem) => item.state !== 'refused' && item.state !== 'failed';

/** The rule the browser can apply before sending anything: type, size, empty. */
export function clientRefusal(file: { name: string; size: number; type: string }): string | null {
  const byType = file.type ? (ACCEPTED_TYPES as readonly string[]).includes(file.type) : false;
  const byName = ACCEPTED_EXTENSIONS.some((ext) => file.name.toLowerCase().endsWith(ext));
  if (!(byType || (!file.type && byName))) return 'format';
  if (file.size > MAX_IMAGE_BYTES) return 'max_bytes';
  if (file.size === 0) return 'decode';
  return null;
}

export interface QueueState {
  items: UploadItem[];
  /** Adds files for a style that already holds `accepted` images (accepted uploads included); returns the new entries. */
  add: (styleId: string, files: File[], accepted: number) => UploadItem[];
  hashed: (id: string, sha256: string) => void;
  transition: (id: string, state: UploadState, patch?: Partial<UploadItem>) => void;
  setProgress: (id: string, progress: number) => void;
  accept: (id: string, warning?: string) => void;
  refuse: (id: string, rule: string) => void;
  fail: (id: string, errorCode: ErrorCode | null, rule?: string | null) => void;
  /** The confirm call for it failed without an answer: it failed, and may have been accepted. */
  confirmLost: (id: string, errorCode: ErrorCode | null) => void;
  /** A failed file back in line: hashing again if it never got a hash; a new link if its own expired. */
  retry: (id: string, now?: number) => void;
  setTags: (id: string, tags: string[]) => void;
  remove: (id: string) => void;
  clearFinished: (styleId: string) => void;
  /** Everything, finished or not: what is still in flight then finds no entry to update. */
  clearAll: () => void;
}

let nextId = 0;

export function createUploadQueue() {
  return createStore<QueueState>()((set, get) => {
    const update = (id: string, change: (item: UploadItem) => UploadItem | null) =>
      set(({ items }) => ({
        items: items.map((item) => (item.id === id ? (change(item) ?? item) : item)),
      }));
    const move = (id: string, state: UploadState, patch: Partial<UploadItem> = {}) =>
      update(id, (item) => (TRANSITIONS[item.state].includes(state) ? { ...item, ...patch, state } : null));

    return {
      items: [],
      add(styleId, files, accepted) {
        // `accepted` counts the style's images; files still on their way take a place too.
        let places =
          TRAINING_IMAGES.max -
          accepted -
          get().items.filter((i) => i.styleId === styleId && !isFinished(i.state)).length;
        const added = files.map((file): UploadItem => {
          let rule = clientRefusal(file);
          if (!rule && places <= 0) rule = 'max_images';
          if (!rule) places -= 1;
          return {
            id: `upload-${++nextId}`,
            styleId,
            file,
            fileName: file.name,
            size: file.size,
            state: rule ? 'refused' : 'hashing',
            progress: 0,
            sha256: null,
            link: null,
            tags: [],
            rule,
            errorCode: null,
            warning: null,
            retries: 0,
            confirmLost: false,
          };
        });
        set(({ items }) => ({ items: [...items, ...added] }));
        return added;
      },
      hashed(id, sha256) {
        const item = get().items.find((i) => i.id === id);
        if (!item) return;
        // The same bytes twice in one drop: the server would refuse the second as `duplicate` anyway.
        const copy = get().items.some(
          (other) =>
            other.id !== id && other.styleId === item.styleId && other.sha256 === sha256 && holdsPlace(other),
        );
        if (copy) move(id, 'refused', { sha256, rule: 'duplicate' });
        else move(id, 'waiting', { sha256 });
      },
      transition: move,
      setProgress: (id, progress) =>
        update(id, (item) =>
          item.state === 'uploading' ? { ...item, progress: Math.min(1, Math.max(0, progress)) } : null,
        ),
      accept: (id, warning) => move(id, 'accepted', { progress: 1, warning: warning ?? null, link: null }),
      refuse: (id, rule) => move(id, 'refused', { rule, link: null }),
      fail: (id, errorCode, rule = null) =>
        move(id, 'failed', { errorCode, rule, ...(rule === 'expired' ? { link: null } : {}) }),
      confirmLost: (id, errorCode) => move(id, 'failed', { errorCode, rule: null, confirmLost: true }),
      retry(id, now = Date.now()) {
        update(id, (item) => {
          if (item.state !== 'failed') return null;
          const linkOk = item.link && item.link.expiresAt > now + 30_000 && item.rule !== 'expired';
          return {
            ...item,
            state: item.sha256 ? 'waiting' : 'hashing',
            progress: 0,
            link: linkOk ? item.link : null,
            rule: null,
            errorCode: null,
            retries: item.retries + 1,
          };
        });
      },
      setTags: (id, tags) => update(id, (item) => (isFinished(item.state) ? null : { ...item, tags })),
      remove: (id) => set(({ items }) => ({ items: items.filter((i) => i.id !== id || !isActive(i.state)) })),
      clearFinished: (styleId) =>
        set(({ items }) => ({ items: items.filter((i) => i.styleId !== styleId || !isFinished(i.state)) })),
      clearAll: () => set({ items: [] }),
    };
  });
}

/** On its way through the network: not to be removed under the runner's feet. */
export const isActive = (state: UploadState) =>
  state === 'requesting' || state === 'uploading' || state === 'confirming';

export interface QueueSummary {
  total: number;
  accepted: number;
  refused: number;
  failed: number;
  active: number;
  /** Share of the work done, 0–1, weighted by file size: a finished file counts whole. */
  progress: number;
}

/** Counts and the overall progress of one style's entries. */
export function summarise(items: UploadItem[]): QueueSummary {
  let bytes = 0;
  let done = 0;
  const summary = { total: items.length, accepted: 0, refused: 0, failed: 0, active: 0, progress: 0 };
  for (const item of items) {
    const weight = Math.max(1, item.size);
    bytes += weight;
    if (item.state === 'accepted') summary.accepted += 1;
    else if (item.state === 'refused') summary.refused += 1;
    else if (item.state === 'failed') summary.failed += 1;
    else summary.active += 1;
    const share =
      isFinished(item.state) || item.state === 'confirming'
        ? 1
        : item.state === 'uploading'
          ? item.progress
          : 0;
    done += weight * share;
  }
  summary.progress = bytes === 0 ? 0 : done / bytes;
  return summary;
}

/** The page's one queue: it outlives the page, so uploads go on while the artist looks elsewhere. */
export const uploadQueue = createUploadQueue();
// Another person may sign in next in this tab: they must not see, or keep sending, this artist's files.
onSignOut(() => uploadQueue.getState().clearAll());

export function useUploadQueue<T>(select: (state: QueueState) => T): T {
  return useStore(uploadQueue, select);
}
