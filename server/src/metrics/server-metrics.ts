/**
 * The server's Prometheus metrics, in a registry of its own per server (never prom-client's global one:
 * tests run several servers in one process). Every label takes values from a closed set (procedure
 * names, route patterns, error and failure codes), never from raw URLs, ids or user input.
 */
import { count, isNull, min } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { schema, type Database } from '@style-license/db';
import { ERROR_CODES, JOB_FAILURE_CODES, type ErrorCode, type JobFailureCode } from '@style-license/shared';

/** What the sweeper did: failed a silent training run, a queued one no worker took, an overdue generation. */
export const SWEEPER_ACTIONS = ['training_stalled', 'training_not_started', 'generation_expired'] as const;
export type SweeperAction = (typeof SWEEPER_ACTIONS)[number];

export interface ServerMetrics {
  registry: Registry;
  /** Per tRPC call (a batch has several): procedure, query or mutation, ok or error. */
  procedureDuration: Histogram<'procedure' | 'type' | 'outcome'>;
  /** Every error answered under /trpc, by our error code (the per-call count for batches). */
  trpcErrors: Counter<'code'>;
  countTrpcErrors(code: ErrorCode, calls?: number): void;
  /** Every HTTP request by route pattern (`/trpc/:path`, `unmatched` for none), method and status. */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  sweeperActions: Counter<'action'>;
  /** Generation charges refunded, by the failure code that caused them; counted once committed. */
  refunds: Counter<'reason'>;
  countSweep(action: SweeperAction, jobs: number): void;
  countRefund(reason: JobFailureCode, refunds?: number): void;
}

export interface ServerMetricsOptions {
  /** Read on each scrape for the outbox gauges; without it they are not reported. */
  database?: Pick<Database, 'db'>;
  /**
   * Node's process metrics (CPU, memory, event loop, GC). Each collection starts observers that live as
   * long as the process, so only a real server process asks for them, not every app a test builds.
   */
  processMetrics?: boolean;
}

/** Latency buckets for API calls: most answer in milliseconds, uploads and searches take longer. */
const API_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createServerMetrics(options: ServerMetricsOptions = {}): ServerMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics: ServerMetrics = {
    registry,
    countTrpcErrors: (code, calls = 1) => metrics.trpcErrors.inc({ code }, calls),
    countSweep: (action, jobs) => metrics.sweeperActions.inc({ action }, jobs),
    countRefund: (reason, refunds = 1) => metrics.refunds.inc({ reason }, refunds),
    procedureDuration: new Histogram({
      name: 'trpc_procedure_duration_seconds',
      help: 'tRPC procedure calls: time from routing to the result, by procedure, type and outcome (ok, error).',
      labelNames: ['procedure', 'type', 'outcome'],
      buckets: API_BUCKETS,
      registers,
    }),
    trpcErrors: new Counter({
      name: 'trpc_errors_total',
      help: 'Errors answered to tRPC calls, by error code (VALIDATION_FAILED, RATE_LIMITED, INTERNAL, ...).',
      labelNames: ['code'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests: time to the response, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: API_BUCKETS,
      registers,
    }),
    sweeperActions: new Counter({
      name: 'sweeper_actions_total',
      help: 'Jobs the sweeper ended: training_stalled, training_not_started, generation_expired (refunded).',
      labelNames: ['action'],
      registers,
    }),
    refunds: new Counter({
      name: 'refunds_total',
      help: 'Generation charges refunded to buyers, by failure code (processing_failed, expired, ...).',
      labelNames: ['reason'],
      registers,
    }),
  };
  // Every series of a closed set exists from the start at 0, so rate() and increase() see the first event.
  for (const code of ERROR_CODES) metrics.trpcErrors.inc({ code }, 0);
  for (const action of SWEEPER_ACTIONS) metrics.sweeperActions.inc({ action }, 0);
  for (const reason of JOB_FAILURE_CODES) metrics.refunds.inc({ reason }, 0);
  if (options.database) registerOutboxGauges(registry, options.database);
  return metrics;
}

/**
 * Unsent outbox rows, read on each scrape by one query on the partial index of unsent rows. Every
 * instance reports the same shared table: aggregate with max(), not sum(). When the database does not
 * answer, the gauges read NaN for that scrape (a gap in graphs) rather than a stale value or a false 0,
 * and the rest of the scrape still comes back.
 */
function registerOutboxGauges(registry: Registry, database: Pick<Database, 'db'>) {
  // A scrape collects its metrics concurrently: both gauges share the one query in flight.
  let reading: Promise<OutboxState | undefined> | undefined;
  const read = () => {
    if (!reading) {
      reading = outboxState(database).catch(() => undefined);
      void reading.finally(() => (reading = undefined));
    }
    return reading;
  };
  new Gauge({
    name: 'outbox_backlog',
    help: 'Outbox rows not yet published to the queue (shared by all instances: use max, not sum).',
    registers: [registry],
    async collect() {
      this.set((await read())?.unsent ?? NaN);
    },
  });
  new Gauge({
    name: 'outbox_oldest_unsent_age_seconds',
    help: 'Age of the oldest unsent outbox row; 0 when none waits (shared by all instances).',
    registers: [registry],
    async collect() {
      this.set((await read())?.oldestSeconds ?? NaN);
    },
  });
}

interface OutboxState {
  unsent: number;
  oldestSeconds: number;
}

async function outboxState({ db }: Pick<Database, 'db'>): Promise<OutboxState> {
  const { outbox } = schema;
  const [row] = await db
    .select({ unsent: count(), oldest: min(outbox.createdAt) })
    .from(outbox)
    .where(isNull(outbox.sentAt));
  const oldestAt = row?.oldest ? new Date(row.oldest).getTime() : undefined;
  return {
    unsent: row?.unsent ?? 0,
    oldestSeconds: oldestAt === undefined ? 0 : Math.max(0, (Date.now() - oldestAt) / 1000),
  };
}
