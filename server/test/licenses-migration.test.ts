/**
 * The migration that made licenses immutable (0008), run over licenses issued before it: each gets the
 * names current at migration time (the only ones left to know), terms version 1 (the text it already
 * holds) and its generation's style version, and from then on the database refuses to change it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { databaseBeforeMigration } from '@style-license/db/testing';
import { LICENSE_TERMS_V1 } from '@style-license/shared';

describe('migration to immutable licenses', () => {
  let migration: Awaited<ReturnType<typeof databaseBeforeMigration>>;
  let client: pg.Client;
  beforeAll(async () => {
    migration = await databaseBeforeMigration('_immutable_licenses');
    client = migration.client;
  });
  afterAll(async () => {
    await migration?.dispose();
  });

  it('backfills older licenses from the current names as terms v1, then refuses any change', async () => {
    const one = async (text: string, values: unknown[] = []) => (await client.query(text, values)).rows[0];
    const user = async (sub: string, name: string) =>
      (
        await one(
          `INSERT INTO users (google_sub, email, display_name) VALUES ($1, $1 || '@example.test', $2) RETURNING id`,
          [sub, name],
        )
      ).id as string;
    const artist = await user('artist', 'Mira Quill');
    const buyer = await user('buyer', 'Ari Buyer');
    const style = (
      await one(
        `INSERT INTO styles (artist_id, name, price_tokens) VALUES ($1, 'Morning Wash', 5) RETURNING id`,
        [artist],
      )
    ).id as string;
    await one(
      `INSERT INTO style_versions (style_id, version, engine, artifact_key) VALUES ($1, 1, 'quilt', 'models/m.quilt')`,
      [style],
    );
    const license = async (key: string, styleVersion: number | null) => {
      const generation = await one(
        `INSERT INTO generations (owner_id, style_id, style_version, seed, cost_tokens, idempotency_key, status,
           license_id) VALUES ($1, $2, $3, 1, 5, $4, 'succeeded', gen_random_uuid()) RETURNING id, license_id`,
        [buyer, style, styleVersion, key],
      );
      await one(
        `INSERT INTO licenses (id, generation_id, style_id, artist_id, owner_id, terms, file_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [generation.license_id, generation.id, style, artist, buyer, LICENSE_TERMS_V1, key.padEnd(64, '0')],
      );
      return generation.license_id as string;
    };
    const versioned = await license('a', 1);
    const beforeVersions = await license('b', null);
    // Renamed after purchase, before the migration: the migration can only know the names now.
    await one(`UPDATE users SET display_name = 'Famous Corp Inc' WHERE id = $1`, [buyer]);

    await migration.migrate();

    const rows = (
      await client.query(
        `SELECT id, style_version, style_name, artist_name, licensee_name, terms_version, terms, terms_ko
         FROM licenses ORDER BY file_sha256`,
      )
    ).rows;
    const issued = {
      style_name: 'Morning Wash',
      artist_name: 'Mira Quill',
      licensee_name: 'Famous Corp Inc',
      terms_version: 1,
      terms: LICENSE_TERMS_V1,
      terms_ko: null,
    };
    expect(rows).toEqual([
      { id: versioned, style_version: 1, ...issued },
      { id: beforeVersions, style_version: null, ...issued },
    ]);
    for (const change of [
      `UPDATE licenses SET licensee_name = 'Someone Else' WHERE id = '${versioned}'`,
      `UPDATE licenses SET terms_version = 2`,
      `DELETE FROM licenses WHERE id = '${beforeVersions}'`,
    ])
      await expect(client.query(change)).rejects.toMatchObject({
        code: '42501',
        message: expect.stringMatching(/licenses are immutable once issued/),
      });
    // What later renames do is never a license's concern.
    await one(`UPDATE users SET display_name = 'Renamed Artist' WHERE id = $1`, [artist]);
    expect(await one(`SELECT artist_name FROM licenses WHERE id = $1`, [versioned])).toEqual({
      artist_name: 'Mira Quill',
    });
  });
});
