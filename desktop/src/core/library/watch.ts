/**
 * Watches one library folder (recursively, fs.watch) and rescans it after changes settle. A burst of
 * events (a copy of 500 files) is one rescan; events for hidden entries are ignored; a rescan that is
 * running when more changes arrive is followed by another, never overlapped (the library serialises).
 */
import { watch, type FSWatcher } from 'node:fs';
import { sep } from 'node:path';
import { isHiddenName } from './walk';

export interface FolderWatch {
  /** Stops watching and waits for a rescan already under way. */
  stop(): Promise<void>;
}

export interface WatchHandlers<Report> {
  rescan(): Promise<Report>;
  onChange(report: Report): void;
  onError(error: Error): void;
}

export function watchFolder<Report>(
  folder: string,
  debounceMs: number,
  handlers: WatchHandlers<Report>,
): FolderWatch {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const run = () => {
    timer = undefined;
    running = running
      .then(() => (stopped ? undefined : handlers.rescan().then((report) => handlers.onChange(report))))
      .catch((error: unknown) => handlers.onError(error instanceof Error ? error : new Error(String(error))));
  };
  const watcher: FSWatcher = watch(folder, { recursive: true }, (_event, name) => {
    if (stopped || (name && String(name).split(sep).some(isHiddenName))) return;
    clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  });
  watcher.on('error', (error) => handlers.onError(error));

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      watcher.close();
      await running;
    },
  };
}
