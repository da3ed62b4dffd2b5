/**
 * Moves the upload queue's files through the network: hash each file (SHA-256, declared to the server),
 * ask for links in batches (one call for up to `batch` files, not one per file: the API counts calls),
 * PUT the bytes `concurrency` at a time straight to storage, then confirm the batch in one call and
 * record each file's result. A link about to expire is replaced before its PUT; `expired` and `missing`
 * results are failures the artist can retry (with a new link), every other rule is a refusal, except
 * `duplicate` for a file whose earlier confirm got no answer: the server had accepted it then.
 * The API is passed in, so this runs in tests without a browser or a server.
 */
import type { StoreApi } from 'zustand';
import { UPLOAD_BATCH_MAX } from '@style-license/shared';
import { errorInfo } from '../../lib/errors';
import type { QueueState, UploadItem } from './upload-queue';

export type ConfirmResult =
  | { fileName: string; status: 'accepted'; imageId: string; warning?: string }
  | { fileName: string; status: 'rejected'; error: { code: string; rule: string; message: string } };

export interface UploadApi {
  sha256: (file: File) => Promise<string>;
  requestUploads: (input: {
    styleId: string;
    files: { fileName: string; byteSize: number; sha256: string }[];
  }) => Promise<{ uploads: { fileName: string; url: string; uploadToken: string }[]; expiresAt: string }>;
  put: (url: string, file: File, onProgress: (share: number) => void) => Promise<void>;
  confirmUploads: (input: {
    styleId: string;
    uploads: { uploadToken: string; tags: string[] }[];
  }) => Promise<{ results: ConfirmResult[] }>;
  /**
   * Called after each confirm, whatever its outcome (to refresh the style's image list): even a failed
   * call may have accepted some of the batch.
   */
  onConfirmed?: (styleId: string) => void;
}

export interface RunnerOptions {
  batch?: number;
  concurrency?: number;
  now?: () => number;
}

/** A link this close to its end is not used: the PUT and the confirm must both land before it. */
const LINK_MARGIN_MS = 30_000;
/** Results after which trying again can help: the link ran out, or the bytes never arrived. */
const RETRYABLE_RULES = new Set(['expired', 'missing']);

/** Runs `work` over `items`, at most `limit` at once. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export function createUploadRunner(queue: StoreApi<QueueState>, api: UploadApi, options: RunnerOptions = {}) {
  const batch = Math.min(options.batch ?? 8, UPLOAD_BATCH_MAX);
  const concurrency = options.concurrency ?? 4;
  const now = options.now ?? Date.now;
  const actions = () => queue.getState();
  const current = (id: string): UploadItem | undefined => queue.getState().items.find((i) => i.id === id);
  let hashing: Promise<void> | null = null;
  let uploading: Promise<void> | null = null;

  async function hashAll() {
    for (;;) {
      const item = queue.getState().items.find((i) => i.state === 'hashing');
      if (!item) return;
      try {
        actions().hashed(item.id, await api.sha256(item.file));
      } catch {
        actions().fail(item.id, null, 'read');
      }
      // Start sending once a full batch is ready; the rest follows as it is hashed.
      if (queue.getState().items.filter((i) => i.state === 'waiting').length >= batch) void startUpload();
    }
  }

  async function uploadAll() {
    for (;;) {
      const waiting = queue.getState().items.filter((i) => i.state === 'waiting');
      if (waiting.length === 0) return;
      const styleId = waiting[0]!.styleId;
      await runBatch(styleId, waiting.filter((i) => i.styleId === styleId).slice(0, batch));
    }
  }

  async function requestLinks(styleId: string, items: UploadItem[]) {
    const needing = items.filter((i) => !i.link || i.link.expiresAt <= now() + LINK_MARGIN_MS);
    if (needing.length === 0) return;
    for (const item of needing) actions().transition(item.id, 'requesting', { link: null });
    try {
      const answer = await api.requestUploads({
        styleId,
        files: needing.map((i) => ({ fileName: i.fileName, byteSize: i.size, sha256: i.sha256! })),
      });
      const expiresAt = Date.parse(answer.expiresAt);
      needing.forEach((item, n) => {
        const link = answer.uploads[n];
        if (link)
          actions().transition(item.id, 'waiting', {
            link: { url: link.url, uploadToken: link.uploadToken, expiresAt },
          });
        else actions().fail(item.id, 'INTERNAL');
      });
    } catch (error) {
      const { code, details } = errorInfo(error);
      for (const item of needing) actions().fail(item.id, code, details[0]?.rule ?? null);
    }
  }

  async function send(id: string) {
    const item = current(id);
    if (!item || item.state !== 'waiting' || !item.link) return;
    actions().transition(id, 'uploading', { progress: 0 });
    try {
      await api.put(item.link.url, item.file, (share) => actions().setProgress(id, share));
      actions().transition(id, 'confirming', { progress: 1 });
    } catch (error) {
      actions().fail(id, errorInfo(error).code);
    }
  }

  async function confirm(styleId: string, ids: string[]) {
    const sent = ids.map(current).filter((i): i is UploadItem => i?.state === 'confirming' && !!i.link);
    if (sent.length === 0) return;
    try {
      const { results } = await api.confirmUploads({
        styleId,
        uploads: sent.map((i) => ({ uploadToken: i.link!.uploadToken, tags: i.tags })),
      });
      sent.forEach((item, n) => {
        const result = results[n];
        if (!result) return actions().confirmLost(item.id, 'INTERNAL');
        if (result.status === 'accepted') return actions().accept(item.id, result.warning);
        const rule = result.error.rule;
        // The lost confirm went through: this token, or these bytes, are already in the style.
        if (rule === 'duplicate' && item.confirmLost) actions().accept(item.id);
        else if (RETRYABLE_RULES.has(rule)) actions().fail(item.id, 'VALIDATION_FAILED', rule);
        else actions().refuse(item.id, rule);
      });
    } catch (error) {
      // No answer: the server may have accepted any of them (uploads before a failure stay accepted).
      const { code } = errorInfo(error);
      for (const item of sent) actions().confirmLost(item.id, code);
    } finally {
      api.onConfirmed?.(styleId);
    }
  }

  async function runBatch(styleId: string, items: UploadItem[]) {
    await requestLinks(styleId, items);
    const ids = items.map((i) => i.id);
    await pool(ids, concurrency, send);
    await confirm(styleId, ids);
  }

  // One hashing loop and one upload loop at a time, however often they are started.
  function startUpload() {
    uploading ??= uploadAll().finally(() => (uploading = null));
    return uploading;
  }

  /** Starts whatever is waiting; resolves when the queue has nothing left to do. */
  async function kick(): Promise<void> {
    hashing ??= hashAll().finally(() => (hashing = null));
    await hashing;
    await startUpload();
    // Files added or retried while the last batch ran.
    if (queue.getState().items.some((i) => i.state === 'hashing' || i.state === 'waiting')) return kick();
  }

  return { kick };
}
