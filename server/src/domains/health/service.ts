import type { HealthOutput } from '@style-license/shared';
import type { ServerDeps } from '../../deps';

const TIMEOUT_MS = 2000;

/** A dependency that hangs counts as down: readiness must answer quickly to be useful to a balancer. */
async function probe(check: () => Promise<boolean>): Promise<'up' | 'down'> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, TIMEOUT_MS, false).unref());
  const ok = await Promise.race([check().catch(() => false), timeout]);
  return ok ? 'up' : 'down';
}

export async function checkHealth(
  deps: Pick<ServerDeps, 'database' | 'queue' | 'storage'>,
): Promise<HealthOutput> {
  const [database, queue, storage] = await Promise.all([
    probe(() => deps.database.ping()),
    probe(() => deps.queue.ping()),
    probe(() => deps.storage.ping()),
  ]);
  return { ok: database === 'up' && queue === 'up' && storage === 'up', database, queue, storage };
}
