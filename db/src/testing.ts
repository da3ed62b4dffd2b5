/**
 * Test support: a fresh, migrated PostgreSQL database per test file on the server that `npm test`
 * started (TEST_DATABASE_URL), so suites run in parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from './client';
import { MIGRATIONS_FOLDER, migrateDatabase } from './migrate';

export interface TestDatabase extends Database {
  url: string;
  /** Closes the connections and drops the database. */
  dispose(): Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the suites through `npm test`');
  return url;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(
  options: { migrate?: boolean; poolMax?: number } = {},
): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { poolMax: options.poolMax ?? 20 });
  if (options.migrate !== false) await migrateDatabase(database);
  return {
    ...database,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * A fresh database migrated up to, not including, the migration whose tag ends with `suffix`, for tests
 * of that migration over data written before it. `migrate()` then runs it and every later one, as a
 * deploy would; `query` runs SQL on the same connection in between.
 */
export async function databaseBeforeMigration(suffix: string) {
  const database = await createTestDatabase({ migrate: false });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const journal = JSON.parse(await readFile(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const tags = journal.entries.map((entry) => entry.tag);
  const at = tags.findIndex((tag) => tag.endsWith(suffix));
  if (at < 0) throw new Error(`no migration ends with ${suffix}`);
  const apply = async (tag: string) => {
    const text = await readFile(join(MIGRATIONS_FOLDER, `${tag}.sql`), 'utf8');
    for (const statement of text.split('--> statement-breakpoint')) {
      if (statement.trim()) await client.query(statement);
    }
  };
  for (const tag of tags.slice(0, at)) await apply(tag);
  return {
    client,
    migrate: async () => {
      for (const tag of tags.slice(at)) await apply(tag);
    },
    dispose: async () => {
      await client.end();
      await database.dispose();
    },
  };
}
