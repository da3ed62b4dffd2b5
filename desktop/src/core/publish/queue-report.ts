/**
 * What the queue tells the artist: each file's state as a plain view, the events a UI listens to, and
 * the report of a run (accepted, refused with the rule, failed with the reason, still to do, progress).
 */
import type { ItemState, QueueItem } from './queue-file';

export interface UploadItemView {
  imageId: string;
  styleId: string;
  fileName: string;
  byteSize: number;
  sha256: string;
  state: ItemState;
  rule: string | null;
  errorCode: string | null;
  message: string | null;
  warning: string | null;
  alreadyThere: boolean;
}

export type UploadEvent =
  | { kind: 'item'; item: UploadItemView }
  | { kind: 'bytes'; imageId: string; sent: number; total: number }
  | { kind: 'retry'; step: 'link' | 'upload' | 'confirm'; failures: number; message: string }
  | { kind: 'paused'; reason: 'asked' | 'unauthorized' }
  | { kind: 'save-failed'; message: string }
  | { kind: 'stopped'; report: UploadReport };

/**
 * Whether the queue is sending: `paused` with work left says why (`not_started`: opened with work from an
 * earlier run, as after a restart, and not started yet); `idle` when nothing is left to do.
 */
export type QueueRunState =
  | { status: 'running' }
  | { status: 'paused'; reason: 'asked' | 'unauthorized' | 'not_started' }
  | { status: 'idle' };

export interface UploadReport {
  run: QueueRunState;
  total: number;
  /** Accepted by the server in this queue's life, or found already there (same bytes in the style). */
  accepted: UploadItemView[];
  refused: UploadItemView[];
  failed: UploadItemView[];
  /** Still to do: waiting for a link, for its bytes to go, or for a confirm. */
  pending: number;
  /** Share of all bytes that are sent or done, 0–1. */
  progress: number;
}

export function viewOf(item: QueueItem): UploadItemView {
  return {
    imageId: item.imageId,
    styleId: item.styleId,
    fileName: item.fileName,
    byteSize: item.byteSize,
    sha256: item.sha256,
    state: item.state,
    rule: item.rule,
    errorCode: item.errorCode,
    message: item.message,
    warning: item.warning,
    alreadyThere: item.alreadyThere,
  };
}

export function reportOf(
  items: readonly QueueItem[],
  sentBytes: ReadonlyMap<string, number>,
  run: QueueRunState = { status: 'idle' },
): UploadReport {
  const report: UploadReport = {
    run,
    total: items.length,
    accepted: [],
    refused: [],
    failed: [],
    pending: 0,
    progress: 0,
  };
  let all = 0;
  let done = 0;
  for (const item of items) {
    all += item.byteSize;
    if (item.state === 'accepted') report.accepted.push(viewOf(item));
    else if (item.state === 'refused') report.refused.push(viewOf(item));
    else if (item.state === 'failed') report.failed.push(viewOf(item));
    else report.pending += 1;
    done +=
      item.state === 'waiting' || item.state === 'linked'
        ? Math.min(item.byteSize, sentBytes.get(item.key) ?? 0)
        : item.byteSize;
  }
  report.progress = all === 0 ? 1 : done / all;
  if (report.pending === 0 && run.status === 'paused') report.run = { status: 'idle' };
  return report;
}
