/**
 * Opens the database from one URL: `postgres://…` for PostgreSQL (production, tests) or
 * `pglite:<dir>` for the embedded default. Both give the same Drizzle API over the same schema.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index';

export type Schema = typeof schema;
/** A database handle or an open transaction: services take either, so callers choose the boundary. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Liveness probe for /readyz and the health procedure. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Max pooled connections (PostgreSQL only; PGlite is a single in-process connection). */
  poolMax?: number;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10 });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = drizzle(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', ping: () => ping(db), close: () => pool.end() };
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
    return { db, kind: 'pglite', ping: () => ping(db), close: () => client.close() };
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
