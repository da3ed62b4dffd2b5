/**
 * The per-call API rate limit without a database write per call. Each server counts calls in memory
 * and every `syncMs` adds its new counts to the shared `rate_limits` rows in one statement, reading back
 * the total of all instances. A call is admitted while (total at the last sync + this server's calls
 * since) is under the limit: one server alone is exact, K servers can together exceed a limit only by
 * what the others admitted in about two sync intervals, and never by more than K times (docs/SECURITY.md,
 * "Rate limits"). Nothing on the call's path waits for the database, so an outage leaves every server
 * limiting on its own counts, which are shared once the database answers again.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@style-license/db';
import type { Logger } from '@style-license/platform/logger';
import { rateLimited, type RateLimitRule } from './rate-limit';

/** Counters kept by default: about 20 MB at most, far more callers than one server meets in a window. */
const DEFAULT_MAX_KEYS = 100_000;
/** Rows per statement: 3 parameters each, well under PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 1000;

export interface BatchedRateLimiterOptions {
  db: Db;
  logger: Logger;
  /** How often counts are shared (API_RATE_SYNC_MS). */
  syncMs: number;
  /** Counters held at most; past it, the one whose window began first is dropped. */
  maxKeys?: number;
  /** This server's clock (tests skew it); the database's is learnt from it at each sync. */
  clock?: () => number;
}

export interface BatchedRateLimiter {
  /** Counts one call for `key`, or throws RATE_LIMITED with retryAfter. Never waits for the database. */
  enforce(key: string, rule: RateLimitRule): void;
  /** Shares the counts now (it also happens every `syncMs`); never rejects. */
  sync(): Promise<void>;
  /** A last sync, then no more writes; calls are still counted, in memory only. */
  stop(): Promise<void>;
  /** Counters held in memory. */
  readonly size: number;
}

interface Counter {
  /**
   * End of the window, in ms on the database's clock: this server's guess (its first call plus the
   * window) until a sync brings the shared row's, which every instance then uses.
   */
  end: number;
  /** All instances' total at this server's last sync (its own synced calls included). */
  shared: number;
  /** This server's calls since, not yet sent. */
  unsent: number;
  /** This server's calls in the sync now under way. */
  sending: number;
}

interface SyncedRow {
  key: string;
  points: number;
  end_ms: number;
  now_ms: number;
}

export function createBatchedRateLimiter(options: BatchedRateLimiterOptions): BatchedRateLimiter {
  const { db, logger, syncMs } = options;
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  const clock = options.clock ?? Date.now;
  // Ordered by window start (a counter is re-inserted when its window rolls over), so the first entry
  // is the stalest: evicting it costs at most one sync interval of that caller's calls, since the
  // shared row keeps the rest of its count and the next sync brings it back.
  const counters = new Map<string, Counter>();
  /** Database clock minus ours, learnt at each sync, so windows end when the shared row says. */
  let clockOffsetMs = 0;
  let inFlight: Promise<void> | null = null;
  let failing = false;
  let stopped = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const send = async (batch: [string, Counter][]) => {
    const rows = sql.join(
      batch.map(([key, c]) => sql`(${key}::text, ${c.sending}::int, to_timestamp(${c.end / 1000}::float8))`),
      sql`, `,
    );
    const sentAt = clock();
    // The row's window wins while it lasts; an ended one restarts with this count and this server's
    // window (begun at its first call). The same rule as the exact limiter's, by a count instead of 1.
    // Keys are sorted, so concurrent instances lock rows in the same order.
    const result = (await db.execute(sql`
      INSERT INTO rate_limits AS r (key, points, reset_at) VALUES ${rows}
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN r.reset_at <= now() THEN EXCLUDED.points ELSE r.points + EXCLUDED.points END,
        reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
      RETURNING key, points, extract(epoch FROM reset_at)::float8 * 1000 AS end_ms,
                extract(epoch FROM now())::float8 * 1000 AS now_ms
    `)) as unknown as { rows: SyncedRow[] };
    const receivedAt = clock();
    const first = result.rows[0];
    if (first) {
      // Only a skew the round trip cannot explain is corrected: on one host (PGlite, a local server)
      // the estimate is noise of up to half a round trip.
      const offset = Number(first.now_ms) - (sentAt + receivedAt) / 2;
      clockOffsetMs = Math.abs(offset) > receivedAt - sentAt ? offset : 0;
    }
    const sent = new Map(batch);
    for (const row of result.rows) {
      const counter = sent.get(row.key)!;
      // A counter evicted meanwhile is left alone; its successor learns the row at its own sync.
      if (counters.get(row.key) !== counter) continue;
      counter.shared = Number(row.points);
      counter.end = Number(row.end_ms);
    }
    for (const [, counter] of batch) counter.sending = 0;
  };

  const runSync = async () => {
    const now = clock() + clockOffsetMs;
    const batch: [string, Counter][] = [];
    for (const [key, counter] of counters) {
      if (counter.end <= now) counters.delete(key);
      else if (counter.unsent > 0) {
        counter.sending = counter.unsent;
        counter.unsent = 0;
        batch.push([key, counter]);
      }
    }
    batch.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
      try {
        await send(batch.slice(i, i + ROWS_PER_STATEMENT));
      } catch (error) {
        // Kept for the next sync: the calls happened, and other instances should hear of them. A
        // statement that timed out may have been applied all the same; those calls then count twice,
        // which errs towards limiting, and only for what one sync carried.
        for (const [, counter] of batch.slice(i)) {
          counter.unsent += counter.sending;
          counter.sending = 0;
        }
        if (!failing)
          logger.warn({ err: error }, 'rate limit counts not shared; each server limits on its own counts');
        failing = true;
        return;
      }
    }
    if (failing) logger.info('rate limit counts shared again');
    failing = false;
  };

  const sync = (): Promise<void> => {
    if (closed) return Promise.resolve();
    inFlight ??= runSync().finally(() => (inFlight = null));
    return inFlight;
  };

  const schedule = () => {
    if (stopped) return;
    // Unref'd: a limiter nobody stopped must not keep a process alive.
    timer = setTimeout(() => void sync().then(schedule), syncMs).unref();
  };
  schedule();

  return {
    enforce(key, rule) {
      const now = clock() + clockOffsetMs;
      let counter = counters.get(key);
      if (!counter || counter.end <= now) {
        if (counter) counters.delete(key);
        else if (counters.size >= maxKeys) counters.delete(counters.keys().next().value!);
        counter = { end: now + rule.windowSeconds * 1000, shared: 0, unsent: 0, sending: 0 };
        counters.set(key, counter);
      }
      // Refused calls are not counted: within a window a count only grows, so a refused key stays
      // refused until the window ends without costing a write.
      if (counter.shared + counter.sending + counter.unsent >= rule.limit) {
        const waitSeconds = Math.ceil((counter.end - now) / 1000);
        throw rateLimited(Math.min(rule.windowSeconds, Math.max(1, waitSeconds)));
      }
      counter.unsent += 1;
    },
    sync,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      // A database that is down would only hold up the shutdown: its counts are lost either way.
      if (!failing) await sync();
      closed = true;
    },
    get size() {
      return counters.size;
    },
  };
}
