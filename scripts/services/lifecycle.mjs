// Starting and stopping throwaway services as a set: either all of them start, or every one that did
// start is stopped again before the failure is reported; and no started process outlives this one.

/**
 * @typedef {{ stop(): Promise<void> }} Stoppable
 */

/**
 * Stops every service, all at once; one that fails to stop does not keep the others running.
 * @param {Stoppable[]} services
 * @returns {Promise<unknown[]>} the reasons of the stops that failed
 */
export async function stopAll(services) {
  const results = await Promise.allSettled(services.map((service) => service.stop()));
  return results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
}

/**
 * Starts every service at once. When any fails, waits until the others have settled (one still starting
 * would otherwise be left running), stops those that started, and throws one error naming each failure.
 * @template {Record<string, () => Promise<Stoppable>>} T
 * @param {T} starters
 * @returns {Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }>}
 */
export async function startAll(starters) {
  const names = Object.keys(starters);
  const results = await Promise.allSettled(names.map((name) => starters[name]()));
  const failures = names.flatMap((name, i) => {
    const result = results[i];
    return result.status === 'rejected' ? [{ name, error: result.reason }] : [];
  });
  if (failures.length === 0) {
    return /** @type {any} */ (Object.fromEntries(names.map((name, i) => [name, results[i].value])));
  }
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopFailures = await stopAll(started);
  const lines = [
    ...failures.map(({ name, error }) => `${name} failed to start: ${describe(error)}`),
    ...stopFailures.map((error) => `and a started service failed to stop: ${describe(error)}`),
  ];
  throw new AggregateError(
    [...failures.map(({ error }) => error), ...stopFailures],
    `${lines.join('\n')}\n(every service that had started was stopped again)`,
  );
}

/**
 * Runs `cleanup` (synchronous: it may run inside an 'exit' handler) if this process exits or is told to
 * stop before `release()` is called. A signal is passed on (re-raised) only when nobody else listens for
 * it, so a caller's own handlers still decide what the signal means.
 * @param {() => void} cleanup
 * @returns {() => void} release: the caller stopped the service itself; forget the guard
 */
export function guardAgainstOrphans(cleanup) {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal) => {
    cleanup();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on('exit', cleanup);
  for (const signal of signals) process.once(signal, onSignal);
  return () => {
    process.off('exit', cleanup);
    for (const signal of signals) process.off(signal, onSignal);
  };
}

const describe = (error) => (error instanceof Error ? error.message : String(error));
