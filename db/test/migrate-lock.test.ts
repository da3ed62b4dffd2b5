// Migrations on PostgreSQL take turns under one advisory lock: replicas (or a migrate job beside a
// server) starting together on a fresh database must all succeed and apply each migration once.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK_KEY, migrateDatabase, openDatabase, pendingMigrations } from '../src/index';
import { createTestDatabase, type TestDatabase } from '../src/testing';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  // In order: connections first, then the databases they were on are dropped.
  for (const handle of open.splice(0)) await handle.close();
});

async function fresh(): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrate: false });
  open.push({ close: () => database.dispose() });
  return database;
}

async function connect(url: string) {
  const database = await openDatabase(url, { poolMax: 3 });
  open.unshift(database); // closed before the database is dropped
  return database;
}

async function journalRows(url: string): Promise<{ hash: string; count: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ hash: string; count: number }>(
      'select hash, count(*)::int as count from drizzle.__drizzle_migrations group by hash',
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

describe('migrations under the advisory lock', () => {
  it('run four at once on a fresh database: all succeed and each migration is applied once', async () => {
    const { url } = await fresh();
    const pools = await Promise.all([1, 2, 3, 4].map(() => connect(url)));
    const expected = (await pendingMigrations(pools[0]!)).length;
    expect(expected).toBeGreaterThan(10);

    const results = await Promise.allSettled(pools.map((database) => migrateDatabase(database)));
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const rows = await journalRows(url);
    expect(rows).toHaveLength(expected);
    expect(rows.every((row) => row.count === 1)).toBe(true);
    expect(await pendingMigrations(pools[0]!)).toEqual([]);
  });

  it('waits while another session holds the lock, and migrates once it is released', async () => {
    const { url } = await fresh();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    open.unshift({ close: () => holder.end() });
    await holder.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);

    const database = await connect(url);
    let finished = false;
    const migrating = migrateDatabase(database).then(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(finished).toBe(false);
    // Nothing was applied while it waited: the lock is taken before the migrator touches anything.
    const waiting = await holder.query(`select to_regclass('drizzle.__drizzle_migrations') as t`);
    expect(waiting.rows[0].t).toBeNull();

    await holder.query('select pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await migrating;
    expect(await pendingMigrations(database)).toEqual([]);
    // Released afterwards: the holder gets the lock at once.
    const again = await holder.query('select pg_try_advisory_lock($1::bigint) as got', [MIGRATION_LOCK_KEY]);
    expect(again.rows[0].got).toBe(true);
  });

  it('lists pending migrations by tag, in order, and none once applied (PGlite too)', async () => {
    const pglite = await openDatabase('pglite:memory');
    open.unshift(pglite);
    const pending = await pendingMigrations(pglite);
    expect(pending[0]).toBe('0000_init');
    expect(pending.at(-1)).toBe('0018_copyright_checks');
    await migrateDatabase(pglite);
    expect(await pendingMigrations(pglite)).toEqual([]);
  });
});
