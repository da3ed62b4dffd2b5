/**
 * Stopping a process gracefully on SIGINT/SIGTERM, one way for every entry point (`npm start`, the API
 * server, the worker). The first signal starts one orderly stop; repeats (npm, a launcher and a terminal
 * each pass the same Ctrl-C on) must not interrupt it. A stop that hangs still ends after `timeoutMs`, so
 * a process manager never waits forever.
 */
export interface ShutdownOptions {
  /** Says what is stopping, e.g. "Style License" or "worker". */
  name: string;
  timeoutMs?: number;
  /** Called once the stop finished, before the process exits 0. */
  onStopped?: () => void;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;

export function stopOnSignals(stop: () => Promise<void>, options: ShutdownOptions): void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      console.error(`${options.name} did not stop within ${timeoutMs / 1000} s; exiting anyway`);
      process.exit(1);
    }, timeoutMs).unref();
    stop().then(
      () => {
        options.onStopped?.();
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`${options.name} did not stop cleanly:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
