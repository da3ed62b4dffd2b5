/**
 * The studio's persistent upload queue: links asked for in batches, bytes PUT `concurrency` at a time,
 * confirms in batches with each file's tags; every change saved to the queue file, so a run resumes
 * after a quit or a crash. Invariants: one entry per (style, sha256); a state only moves forward on an
 * answer (an aborted step leaves the entry where it was); the server's `duplicate` means the bytes are
 * in the style already (an earlier run, or a confirm whose answer was lost), so it counts as accepted.
 */
import { stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { z } from 'zod';
import {
  AppError,
  MAX_TAGS,
  parseInput,
  tagSchema,
  TRAINING_IMAGE_FILE,
  UPLOAD_BATCH_MAX,
} from '@style-license/shared';
import { MAX_IMAGE_TAGS } from '../model';
import { PublishApiError, type ConfirmResult, type PublishApi } from './api';
import { putFile } from './put-file';
import { createQueueWriter, loadQueueFile, type QueueItem } from './queue-file';
import { reportOf, viewOf, type QueueRunState, type UploadEvent, type UploadReport } from './queue-report';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry';

/** A link this close to its end is replaced before its PUT: the PUT and the confirm must both land. */
const LINK_MARGIN_MS = 60_000;
/** Results that a new link and a new PUT can cure: the link ran out, or the bytes never arrived. */
const RELINK_RULES = new Set(['expired', 'missing']);

export const enqueueSchema = z.object({
  styleId: z.uuid(),
  files: z
    .array(
      z.object({
        imageId: z.string().min(1).max(200),
        path: z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path'),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        tags: z.array(tagSchema).max(MAX_IMAGE_TAGS).default([]),
      }),
    )
    .min(1)
    .max(10_000),
});
export type EnqueueInput = z.input<typeof enqueueSchema>;

export const queueOptionsSchema = z.object({
  /** The queue file, in the app data folder. */
  file: z.string().min(1).refine(isAbsolute, 'must be an absolute path'),
  /** Files in flight at once (links, PUTs and confirms together). */
  concurrency: z.number().int().min(1).max(16).default(6),
  batchSize: z.number().int().min(1).max(UPLOAD_BATCH_MAX).default(UPLOAD_BATCH_MAX),
  /** New links one file may need before it is given up as failed (`expired`). */
  maxRelinks: z.number().int().min(0).max(20).default(3),
  retry: z
    .object({
      attempts: z.number().int().min(1).max(20),
      baseMs: z.number().min(0),
      maxMs: z.number().min(0),
    })
    .partial()
    .default({}),
});

export interface UploadQueueDeps {
  api: PublishApi;
  /** Used for the PUTs to storage (tests wrap it to inject failures). */
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
}

export type UploadQueue = Awaited<ReturnType<typeof openUploadQueue>>;

export async function openUploadQueue(options: z.input<typeof queueOptionsSchema>, deps: UploadQueueDeps) {
  const config = parseInput(queueOptionsSchema, options, 'Upload queue options are not valid');
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...config.retry };
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const items: QueueItem[] = await loadQueueFile(config.file);
  const byKey = new Map(items.map((item) => [item.key, item]));
  const busy = new Set<string>();
  const sentBytes = new Map<string, number>();
  const listeners = new Set<(event: UploadEvent) => void>();
  const writer = createQueueWriter(config.file, () => items);
  const abort = new AbortController();
  let paused = true;
  let pauseReason: 'asked' | 'unauthorized' | 'not_started' = 'not_started';
  let closed = false;
  let running: Promise<UploadReport> | null = null;
  let wake: (() => void) | null = null;
  let changed = new Promise<void>((resolve) => (wake = resolve));

  const emit = (event: UploadEvent) => listeners.forEach((listener) => listener(event));
  const notify = () => {
    wake?.();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };
  const persist = () =>
    writer.save().catch((error: unknown) => emit({ kind: 'save-failed', message: String(error) }));
  const update = (item: QueueItem, patch: Partial<QueueItem>) => {
    Object.assign(item, patch);
    emit({ kind: 'item', item: viewOf(item) });
  };
  const fail = (item: QueueItem, error: unknown) => {
    const known = error instanceof PublishApiError ? error : null;
    update(item, {
      state: 'failed',
      errorCode: known?.code ?? null,
      rule: known?.rule ?? null,
      message: error instanceof Error ? error.message : String(error),
    });
  };
  /** A new link, unless this file has had its share: then it failed for good as `expired`. */
  const relink = (item: QueueItem, rule: string) => {
    if (item.relinks >= config.maxRelinks) {
      return update(item, {
        state: 'failed',
        rule,
        errorCode: 'VALIDATION_FAILED',
        message: 'link kept failing',
      });
    }
    sentBytes.delete(item.key);
    update(item, { state: 'waiting', link: null, confirmSent: false, relinks: item.relinks + 1 });
  };
  const retrying = (step: 'link' | 'upload' | 'confirm') => (error: PublishApiError, failures: number) =>
    emit({ kind: 'retry', step, failures, message: error.message });
  const stopping = () => closed || paused;

  /** A signed-out token stops the whole queue (every call would fail alike); the entries stay as they are. */
  function unauthorized(error: unknown): boolean {
    if (!(error instanceof PublishApiError) || error.code !== 'UNAUTHORIZED') return false;
    if (!paused) {
      paused = true;
      pauseReason = 'unauthorized';
      emit({ kind: 'paused', reason: 'unauthorized' });
    }
    return true;
  }

  /** Sending, paused (and why), or idle; `finished`: the lanes have returned (the run is over). */
  const runState = (finished = false): QueueRunState =>
    paused
      ? { status: 'paused', reason: pauseReason }
      : running && !finished
        ? { status: 'running' }
        : { status: 'idle' };

  async function requestLinks(batch: QueueItem[], signal: AbortSignal) {
    try {
      const answer = await withRetries(
        () =>
          deps.api.requestUploads(
            {
              styleId: batch[0]!.styleId,
              files: batch.map((i) => ({ fileName: i.fileName, byteSize: i.byteSize, sha256: i.sha256 })),
            },
            signal,
          ),
        { policy, signal, random: deps.random, onRetry: retrying('link') },
      );
      const expiresAt = Date.parse(answer.expiresAt);
      batch.forEach((item, n) => {
        const link = answer.uploads[n];
        if (!link) return fail(item, new PublishApiError('no link for this file', 'INTERNAL', null, false));
        update(item, { state: 'linked', link: { url: link.url, uploadToken: link.uploadToken, expiresAt } });
      });
    } catch (error) {
      if (signal.aborted || unauthorized(error)) return;
      batch.forEach((item) => fail(item, error));
    }
  }

  async function upload(item: QueueItem, signal: AbortSignal) {
    const link = item.link!;
    try {
      await withRetries(
        () =>
          putFile(doFetch, {
            url: link.url,
            path: item.path,
            byteSize: item.byteSize,
            signal,
            onProgress: (sent) => {
              sentBytes.set(item.key, sent);
              emit({ kind: 'bytes', imageId: item.imageId, sent, total: item.byteSize });
            },
          }),
        { policy, signal, random: deps.random, onRetry: retrying('upload') },
      );
      update(item, { state: 'uploaded' });
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof PublishApiError && error.rule === 'expired') relink(item, 'expired');
      else fail(item, error);
    }
  }

  function settle(item: QueueItem, result: ConfirmResult | undefined) {
    if (!result) return fail(item, new PublishApiError('no result for this file', 'INTERNAL', null, false));
    if (result.status === 'accepted') {
      return update(item, {
        state: 'accepted',
        link: null,
        serverImageId: result.imageId,
        warning: result.warning ?? null,
      });
    }
    const { rule, code, message } = result.error;
    if (rule === 'duplicate') return update(item, { state: 'accepted', link: null, alreadyThere: true });
    if (RELINK_RULES.has(rule)) return relink(item, rule);
    update(item, { state: 'refused', link: null, rule, errorCode: code, message });
  }

  async function confirm(batch: QueueItem[], signal: AbortSignal) {
    // On disk before the call: after a crash the entry still says its answer may have been lost.
    for (const item of batch) item.confirmSent = true;
    await persist();
    try {
      const { results } = await withRetries(
        () =>
          deps.api.confirmUploads(
            {
              styleId: batch[0]!.styleId,
              uploads: batch.map((i) => ({ uploadToken: i.link!.uploadToken, tags: i.tags })),
            },
            signal,
          ),
        { policy, signal, random: deps.random, onRetry: retrying('confirm') },
      );
      batch.forEach((item, n) => settle(item, results[n]));
    } catch (error) {
      if (signal.aborted || unauthorized(error)) return;
      batch.forEach((item) => fail(item, error));
    }
  }

  const free = (item: QueueItem) => !busy.has(item.key);

  /** The next step worth taking, claimed; null when nothing can start now. */
  function nextStep(): { batch: QueueItem[]; run: (signal: AbortSignal) => Promise<void> } | null {
    // Confirms first (they finish files); a style's batch waits for a full load or its last PUT.
    const uploaded = items.filter((i) => i.state === 'uploaded' && free(i));
    for (const styleId of new Set(uploaded.map((i) => i.styleId))) {
      const ready = uploaded.filter((i) => i.styleId === styleId);
      const sending = items.some(
        (i) => i.styleId === styleId && (i.state === 'waiting' || i.state === 'linked'),
      );
      if (ready.length >= config.batchSize || !sending) {
        const batch = ready.slice(0, config.batchSize);
        return { batch, run: (signal) => confirm(batch, signal) };
      }
    }
    for (const item of items) {
      if (item.state !== 'linked' || !free(item)) continue;
      if (item.link!.expiresAt > now() + LINK_MARGIN_MS)
        return { batch: [item], run: (s) => upload(item, s) };
      update(item, { state: 'waiting', link: null }); // about to expire: a new one, not counted as a relink
    }
    const waiting = items.filter((i) => i.state === 'waiting' && free(i));
    if (waiting.length === 0) return null;
    const batch = waiting.filter((i) => i.styleId === waiting[0]!.styleId).slice(0, config.batchSize);
    return { batch, run: (signal) => requestLinks(batch, signal) };
  }

  async function lane() {
    while (!stopping()) {
      const step = nextStep();
      if (!step) {
        if (busy.size === 0) return;
        await changed;
        continue;
      }
      for (const item of step.batch) busy.add(item.key);
      try {
        await step.run(abort.signal);
      } finally {
        for (const item of step.batch) busy.delete(item.key);
        void persist();
        notify();
      }
    }
  }

  async function runLanes(): Promise<UploadReport> {
    await Promise.all(Array.from({ length: config.concurrency }, lane));
    await persist();
    const report = reportOf(items, sentBytes, runState(true));
    emit({ kind: 'stopped', report });
    return report;
  }

  const assertOpen = () => {
    if (closed) throw new AppError('CONFLICT', 'The upload queue is closed');
  };

  return {
    /**
     * Adds files for a style, each once by content: a file already queued for the style is left as it is,
     * unless it failed (then it goes back in line). Nothing changes when the input or a file is wrong.
     */
    async enqueue(input: EnqueueInput): Promise<{ added: number; skipped: number }> {
      assertOpen();
      const { styleId, files } = parseInput(enqueueSchema, input, 'Upload selection is not valid');
      const sizes = await Promise.all(
        files.map(async (file) => {
          const info = await stat(file.path).catch(() => null);
          if (!info?.isFile()) {
            throw new AppError('VALIDATION_FAILED', `${file.path} cannot be read`, {
              details: [{ path: file.path, rule: 'missing', message: 'the file cannot be read' }],
            });
          }
          return info.size;
        }),
      );
      let added = 0;
      files.forEach((file, n) => {
        const key = `${styleId}:${file.sha256}`;
        const tags = [...new Set(file.tags)].slice(0, MAX_TAGS);
        const existing = byKey.get(key);
        if (existing && existing.state !== 'failed') return;
        // The server refuses a whole link batch over one oversized file: refused here instead.
        const tooBig = sizes[n]! > TRAINING_IMAGE_FILE.maxBytes || sizes[n] === 0;
        const item: QueueItem = {
          key,
          imageId: file.imageId,
          styleId,
          path: file.path,
          fileName: basename(file.path).slice(-255),
          byteSize: Math.max(1, sizes[n]!),
          sha256: file.sha256,
          tags,
          state: tooBig ? 'refused' : 'waiting',
          link: null,
          confirmSent: false,
          relinks: 0,
          rule: tooBig ? (sizes[n] === 0 ? 'decode' : 'max_bytes') : null,
          errorCode: tooBig ? 'VALIDATION_FAILED' : null,
          message: null,
          warning: null,
          alreadyThere: false,
          serverImageId: null,
        };
        if (existing) Object.assign(existing, item);
        else {
          items.push(item);
          byKey.set(key, item);
        }
        added += 1;
      });
      await persist();
      notify();
      return { added, skipped: files.length - added };
    },
    /** Runs until nothing is left to do, or it is paused or closed; resolves with the report then. */
    start(): Promise<UploadReport> {
      assertOpen();
      paused = false;
      running ??= runLanes().finally(() => (running = null));
      return running;
    },
    /** Starts nothing new; steps under way finish (their answers are kept). */
    async pause(): Promise<UploadReport> {
      if (!paused) emit({ kind: 'paused', reason: 'asked' });
      paused = true;
      pauseReason = 'asked';
      notify();
      return running ?? reportOf(items, sentBytes, runState());
    },
    /** Failed files back in line, from a new link (the server's `duplicate` then settles any it holds). */
    async retryFailed(): Promise<number> {
      assertOpen();
      const failed = items.filter((i) => i.state === 'failed');
      for (const item of failed) {
        update(item, {
          state: 'waiting',
          link: null,
          relinks: 0,
          rule: null,
          errorCode: null,
          message: null,
        });
      }
      await persist();
      notify();
      return failed.length;
    },
    /** Stops at once, as quitting the app does: steps under way are abandoned where they are. */
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      abort.abort();
      notify();
      await running;
      await persist();
    },
    report: (styleId?: string) =>
      reportOf(styleId ? items.filter((i) => i.styleId === styleId) : items, sentBytes, runState()),
    items: () => items.map(viewOf),
    on(listener: (event: UploadEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
