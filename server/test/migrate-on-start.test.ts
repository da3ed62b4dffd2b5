/**
 * MIGRATE_ON_START: by default a server migrates as it starts; set to false (deployments that run the
 * `migrate` step on their own) it refuses to start while a migration is pending, naming the setting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, pendingMigrations } from '@style-license/db';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import { ConfigError } from '@style-license/platform/config';
import { loadServerConfig } from '../src/config';
import { startTestServer } from './support';

const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.dispose();
});

async function unmigrated() {
  const database = await createTestDatabase({ migrate: false });
  databases.push(database);
  return database;
}

describe('MIGRATE_ON_START', () => {
  it('defaults to true, and reads the usual boolean spellings', () => {
    expect(loadServerConfig({}).MIGRATE_ON_START).toBe(true);
    expect(loadServerConfig({ MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
    expect(() => loadServerConfig({ MIGRATE_ON_START: 'later' })).toThrow(/MIGRATE_ON_START: /);
  });

  it('true: the server migrates a fresh database as it starts', async () => {
    const database = await unmigrated();
    const server = await startTestServer({}, { database });
    try {
      expect(await pendingMigrations(database)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('false: the server refuses to start while migrations are pending, naming them', async () => {
    const database = await unmigrated();
    const error = await startTestServer({ MIGRATE_ON_START: 'false' }, { database }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatch(
      /^MIGRATE_ON_START: is false and \d+ migration\(s\) are pending \(0000_init, .*run `migrate`/,
    );
    // Nothing was applied behind the operator's back.
    expect((await pendingMigrations(database))[0]).toBe('0000_init');
  });

  it('false: the server starts on a database the migrate step brought up to date', async () => {
    const database = await unmigrated();
    await migrateDatabase(database);
    const server = await startTestServer({ MIGRATE_ON_START: 'false' }, { database });
    try {
      expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
