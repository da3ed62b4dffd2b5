/**
 * The PostgreSQL connection pool, made safe for outages and overload. What goes wrong when the server
 * restarts, a connection drops or goes silent, or every connection is busy, and what is done here:
 * - an idle pooled connection that dies emits 'error' on the pool: ignored, the pool replaces it;
 * - a checked-out one (inside a transaction, between statements) emits 'error' on its client, which
 *   would crash the process with no listener: ignored, the holder's next statement fails instead;
 * - Drizzle (0.45) checks a client out, then sends BEGIN *before* the try whose finally releases it, so a
 *   connection that died between checkout and BEGIN is never given back. Each such leak shrinks the pool
 *   for good, and after a restart under load the server answered every request with a pool timeout.
 *   A client checked out here releases itself (as broken) when its BEGIN fails; a second release by its
 *   holder is then ignored;
 * - a statement that gets no answer within `query_timeout` fails ("Query read timeout", an outage), and
 *   its connection is closed at once: its state is unknown, the transaction's ROLLBACK would queue
 *   behind the silent statement for another whole timeout, and the pool would hand it out again;
 * - pg-pool's wait for a free client times out with the same error whether the database is unreachable
 *   or every connection is simply busy; the second case becomes a POOL_EXHAUSTED error, so operators
 *   can tell overload from an outage.
 */
import type pg from 'pg';

/** The code platform/src/dependency-errors.ts recognises (isPoolExhausted); neither imports the other. */
export const POOL_EXHAUSTED = 'POOL_EXHAUSTED';

const BEGIN = /^\s*begin\b/i;
const WAIT_TIMED_OUT = 'timeout exceeded when trying to connect';
const QUERY_TIMED_OUT = 'Query read timeout';

export interface PoolOptions {
  connectionString: string;
  max: number;
  /** Bounds both a new connection and the wait for a free pooled one. */
  connectionTimeoutMillis: number;
  /** Bounds each statement's wait for an answer on an open connection. */
  queryTimeoutMillis: number;
}

type Callback = (error: unknown, ...rest: unknown[]) => void;

function queryText(config: unknown): string {
  if (typeof config === 'string') return config;
  const text = (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

/** Clients in a checkout made by `guardCheckout` (whose `release` may be called more than once). */
const guarded = new WeakSet<pg.PoolClient>();

/** Wraps one checkout of `client`: release at most once, and by itself when BEGIN fails. */
function guardCheckout(client: pg.PoolClient): pg.PoolClient {
  const release = client.release;
  let released = false;
  guarded.add(client);
  client.release = (err?: Error | boolean) => {
    if (released) return;
    released = true;
    guarded.delete(client);
    release(err);
  };
  return client;
}

function afterFailedQuery(client: pg.PoolClient, error: unknown, config: unknown) {
  if (error instanceof Error && error.message === QUERY_TIMED_OUT) {
    // node-postgres has no public way to abandon a connection; its own pipeline mode does this.
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }
  if (guarded.has(client) && BEGIN.test(queryText(config))) {
    client.release(error instanceof Error ? error : true);
  }
}

/** Patched once per client (the pool reuses clients), in both forms: promise and trailing callback. */
function watchQueries(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        if (error) afterFailedQuery(client, error, args[0]);
        (callback as Callback)(error, ...rest);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) result.catch((error: unknown) => afterFailedQuery(client, error, args[0]));
    return result;
  };
}

export function createPool(Pool: typeof pg.Pool, options: PoolOptions): pg.Pool {
  const { queryTimeoutMillis, ...poolOptions } = options;
  const pool = new Pool({ ...poolOptions, query_timeout: queryTimeoutMillis });
  // Counted from the pool's own events: `totalCount` also counts connections still being made, which
  // is what an unreachable database leaves behind, and that must stay an outage.
  let checkedOut = 0;
  pool.on('acquire', () => checkedOut++);
  pool.on('release', () => checkedOut--);
  const explain = (error: unknown) =>
    error instanceof Error && error.message === WAIT_TIMED_OUT && checkedOut >= options.max
      ? Object.assign(
          new Error(`database pool exhausted: all ${options.max} connections busy`, { cause: error }),
          { code: POOL_EXHAUSTED },
        )
      : error;

  const connect = pool.connect.bind(pool) as (callback?: Callback) => Promise<pg.PoolClient> | void;
  // pool.query() checks out with the callback form (and always releases); Drizzle's transactions use the
  // promise form. Patched on the instance, so Drizzle still sees a pg Pool.
  pool.connect = ((callback?: Callback) =>
    callback
      ? connect((error, ...rest) => callback(error ? explain(error) : error, ...rest))
      : (connect() as Promise<pg.PoolClient>).then(guardCheckout, (error: unknown) => {
          throw explain(error);
        })) as typeof pool.connect;
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    watchQueries(client);
  });
  return pool;
}
