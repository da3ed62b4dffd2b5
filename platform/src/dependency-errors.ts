/**
 * One rule for "a dependency is down for now" (database, queue, object store, identity provider) versus
 * everything else: the API answers the first with 503 UNAVAILABLE, job handlers retry it later instead
 * of dead-lettering. It reads only codes and shapes, so it needs none of the clients' packages.
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
 * exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300
 * too_many_connections.
 */
function isPostgresOutageCode(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/** node-postgres and pg-pool say these without a code when a connection drops or cannot be made. */
const POSTGRES_OUTAGE_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

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
 * True when `error`, or anything it wraps (`cause` chains, AggregateError's `errors`, as Drizzle,
 * fetch and Node's happy-eyeballs connect produce), says a dependency is unreachable right now.
 */
export function isDependencyOutage(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const shape = current as ErrorShape;
    if (isOutageItself(shape)) return true;
    pending.push(shape.cause);
    if (Array.isArray(shape.errors)) pending.push(...(shape.errors as unknown[]));
  }
  return false;
}
