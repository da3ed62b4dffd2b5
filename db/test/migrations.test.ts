import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../src/index';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { describeSchema } from './catalog';

describe('migrations', () => {
  let postgres: TestDatabase;
  let pglite: Database;

  beforeAll(async () => {
    postgres = await createTestDatabase();
    pglite = await openDatabase('pglite:memory');
    await migrateDatabase(pglite);
  });
  afterAll(async () => {
    await postgres?.dispose();
    await pglite?.close();
  });

  it('leave identical tables, constraints, indexes, enums and triggers on PostgreSQL and PGlite', async () => {
    const [a, b] = await Promise.all([describeSchema(postgres.db), describeSchema(pglite.db)]);
    expect(a.columns.length).toBeGreaterThan(100);
    expect(a.constraints.some((c) => c.includes('wallets_balance_nonnegative'))).toBe(true);
    expect(b).toEqual(a);
  });

  it('create the whole data model, including the indexes later features rely on', async () => {
    const { columns, indexes } = await describeSchema(postgres.db);
    const tables = new Set(columns.map((c) => c.split(' | ')[0]));
    for (const table of [
      'users',
      'sessions',
      'artist_profiles',
      'styles',
      'training_images',
      'tags',
      'style_tags',
      'image_tags',
      'training_jobs',
      'generations',
      'licenses',
      'wallets',
      'token_ledger',
      'purchases',
      'likes',
      'comments',
      'follows',
      'notifications',
      'outbox',
      'processed_events',
    ]) {
      expect(tables, table).toContain(table);
    }
    const defs = indexes.join('\n');
    expect(defs).toMatch(/UNIQUE INDEX users_google_sub_key .*\(google_sub\)/);
    expect(defs).toMatch(/styles_status_idx .*\(status\)/);
    expect(defs).toMatch(/styles_created_at_idx .*\(created_at\)/);
    expect(defs).toMatch(/generations_owner_created_idx .*\(owner_id, created_at\)/);
    expect(defs).toMatch(/token_ledger_user_created_idx .*\(user_id, created_at\)/);
    // Housekeeping's bounded purges read these (server/src/messaging/housekeeping.ts).
    expect(defs).toMatch(/outbox_sent_at_idx .*\(sent_at\) WHERE \(sent_at IS NOT NULL\)/);
    expect(defs).toMatch(/processed_events_created_at_idx .*\(created_at\)/);
  });

  it('are safe to run again on an up-to-date database', async () => {
    const before = await describeSchema(pglite.db);
    await migrateDatabase(pglite);
    expect(await describeSchema(pglite.db)).toEqual(before);
  });
});
