/**
 * The PostgreSQL connection pool, made safe for outages. Three things go wrong when the server restarts
 * or a connection drops, and each is handled here:
 * - an idle pooled connection that dies emits 'error' on the pool: ignored, the pool replaces it;
 * - a checked-out one (inside a transaction, between statements) emits 'error' on its client, which
 *   would crash the process with no listener: ignored, the holder's next statement fails instead;
 * - Drizzle (0.45) checks a client out, then sends BEGIN *before* the try whose finally releases it, so a
 *   connection that died between checkout and BEGIN is never given back. Each such leak shrinks the pool
 *   for good, and after a restart under load the server answered every request with a pool timeout.
 *   A client checked out here releases itself (as broken) when its BEGIN fails; a second release by its
 *   holder is then ignored.
 */
import type pg from 'pg';

const BEGIN = /^\s*begin\b/i;

function queryText(config: unknown): string {
  if (typeof config === 'string') return config;
  const text = (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

/** Wraps one checkout of `client`: release at most once, and by itself when BEGIN fails. */
function guardCheckout(client: pg.PoolClient): pg.PoolClient {
  const release = client.release;
  let released = false;
  client.release = (err?: Error | boolean) => {
    if (released) return;
    released = true;
    release(err);
  };
  const guarded = client as pg.PoolClient & { beginGuarded?: true };
  if (!guarded.beginGuarded) {
    // Patched once per client (the pool reuses clients); `client.release` is the current checkout's.
    guarded.beginGuarded = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      if (BEGIN.test(queryText(args[0])) && result instanceof Promise) {
        result.catch((error: unknown) => client.release(error instanceof Error ? error : true));
      }
      return result;
    };
  }
  return client;
}

export function createPool(
  Pool: typeof pg.Pool,
  options: { connectionString: string; max: number; connectionTimeoutMillis: number },
): pg.Pool {
  const pool = new Pool(options);
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | void;
  // Only the promise form is Drizzle's transaction path; pool.query() uses the callback form and always
  // releases what it checked out. Patched on the instance, so Drizzle still sees a pg Pool.
  pool.connect = ((callback?: unknown) =>
    callback
      ? connect(callback)
      : (connect() as Promise<pg.PoolClient>).then(guardCheckout)) as typeof pool.connect;
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
