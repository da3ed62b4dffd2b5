/**
 * The rules for "try again later" versus everything else, each for one reason: a dependency is down
 * (database, queue, object store, identity provider), our database pool is exhausted (overload), or
 * PostgreSQL aborted a transaction that lost a race (serialization failure, deadlock). The API answers
 * the first two with 503 UNAVAILABLE; job handlers retry all three later instead of dead-lettering.
 * They read only codes and shapes, so they need none of the clients' packages.
 */

/**
 * Code that knows a dependency is unreachable throws `DependencyUnavailableError` (defined beside the
 * queue transports, `platform/src/queue/outage.ts`); it is recognised by name so neither module imports
 * the other.
 */
const DECLARED_OUTAGE = 'DependencyUnavailableError';

/** Socket-level failures: the peer refused, vanished, timed out or cannot be resolved right now. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * PostgreSQL SQLSTATEs that mean the server, not the statement, is the problem: class 08 (connection
 * exception) except 08P01 protocol_violation (a client bug: retrying sends the same bytes), 57P01
 * admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
 */
function isPostgresOutageCode(code: string): boolean {
  return (code.startsWith('08') && code !== '08P01') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/**
 * node-postgres and pg-pool say these without a code when a connection drops, cannot be made, or stops
 * answering (`query_timeout`). pg-pool's wait for a connection also times out when every pooled one is
 * busy; db/src/pool.ts replaces that case with a POOL_EXHAUSTED error, so what is left is an outage.
 */
const POSTGRES_OUTAGE_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Query read timeout',
];

/** Set by db/src/pool.ts (recognised by code, so neither package imports the other). */
const POOL_EXHAUSTED = 'POOL_EXHAUSTED';

/** 40001 serialization_failure, 40P01 deadlock_detected: the transaction lost a race, not a bug. */
const RETRYABLE_CONFLICT_CODES = new Set(['40001', '40P01']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function isOutageItself(error: ErrorShape): boolean {
  if (error.name === DECLARED_OUTAGE) return true;
  const { code, message } = error;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isPostgresOutageCode(code))) return true;
  if (typeof message === 'string' && POSTGRES_OUTAGE_MESSAGES.some((m) => message.startsWith(m))) return true;
  if (error.name === 'TimeoutError') return true;
  // An AWS SDK (S3) error the service itself blames on its side: 500, 502, 503 (SlowDown), 504.
  const status = error.$metadata?.httpStatusCode;
  return error.$fault === 'server' || (typeof status === 'number' && status >= 500);
}

/**
 * Whether `error`, or anything it wraps (`cause` chains, AggregateError's `errors`, as Drizzle, fetch
 * and Node's happy-eyeballs connect produce), satisfies `test`.
 */
function anyInChain(error: unknown, test: (shape: ErrorShape) => boolean): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const shape = current as ErrorShape;
    if (test(shape)) return true;
    pending.push(shape.cause);
    if (Array.isArray(shape.errors)) pending.push(...(shape.errors as unknown[]));
  }
  return false;
}

/**
 * True when `error` (or anything it wraps) says a dependency is unreachable right now. An exhausted
 * pool is not one, though it wraps pg-pool's timeout: the database answered everyone it was asked to.
 */
export function isDependencyOutage(error: unknown): boolean {
  return !isPoolExhausted(error) && anyInChain(error, isOutageItself);
}

/**
 * True when every pooled database connection was busy for the whole wait: the service is overloaded,
 * the database itself may be fine. Also "try again later" (503), but logged apart from an outage.
 */
export function isPoolExhausted(error: unknown): boolean {
  return anyInChain(error, (shape) => shape.code === POOL_EXHAUSTED);
}

/**
 * True when PostgreSQL aborted the transaction because it conflicted with a concurrent one: running it
 * again (after a backoff) succeeds. Nothing is down, so the API does not answer it as UNAVAILABLE.
 */
export function isRetryableConflict(error: unknown): boolean {
  return anyInChain(
    error,
    (shape) => typeof shape.code === 'string' && RETRYABLE_CONFLICT_CODES.has(shape.code),
  );
}
