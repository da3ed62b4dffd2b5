/**
 * Opens the database from one URL: `postgres://…` for PostgreSQL (production, tests) or
 * `pglite:<dir>` for the embedded default. Both give the same Drizzle API over the same schema.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { listenPostgres, type Unlisten } from './listen';
import { createPool } from './pool';
import * as schema from './schema/index';

export type Schema = typeof schema;
/** A database handle or an open transaction: services take either, so callers choose the boundary. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Liveness probe for /readyz and the health procedure. */
  ping(): Promise<boolean>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (delivered when the notifying transaction commits),
   * and once whenever listening (re)starts. Best effort: a notification sent during an outage is lost.
   */
  listen(channel: string, onNotify: () => void): Promise<Unlisten>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Max pooled connections (PostgreSQL only; PGlite is a single in-process connection). */
  poolMax?: number;
  /**
   * How long to wait for a PostgreSQL connection, new or pooled, before failing (default 5 s; never
   * forever).
   */
  connectTimeoutMs?: number;
  /**
   * How long one statement may wait for an answer on an open connection (default 30 s): a database
   * that accepts connections but stops answering (a partition, a stopped process) must fail requests
   * as an outage, not hang them. Migrations are small statements and stay well within it.
   */
  queryTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const timeouts = {
      // An unreachable or silent server must fail the request (then answered as UNAVAILABLE), not hang it.
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      queryTimeoutMillis: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    };
    // Outage-safe: see pool.ts for the ways a dropped, silent or busy connection would otherwise hurt.
    const pool = createPool(pg.Pool, { connectionString: url, max: options.poolMax ?? 10, ...timeouts });
    const db = drizzle(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      ping: () => ping(db),
      listen: async (channel, onNotify) => listenPostgres(pg.Client, url, channel, onNotify, timeouts),
      close: () => pool.end(),
    };
  }
  if (url.startsWith('pglite:')) {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const location = url.slice('pglite:'.length);
    // 'pglite:memory' is a throwaway in-memory database; anything else is a data directory.
    const dataDir = location === 'memory' ? undefined : resolve(location);
    if (dataDir) mkdirSync(dirname(dataDir), { recursive: true });
    const client = new PGlite(dataDir);
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      ping: () => ping(db),
      // One in-process database: its NOTIFY reaches listeners of the same instance, which is all there is.
      listen: async (channel, onNotify) => {
        const unlisten = await client.listen(channel, () => onNotify());
        onNotify();
        return unlisten;
      },
      close: () => client.close(),
    };
  }
  throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or pglite: (got "${url}")`);
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
