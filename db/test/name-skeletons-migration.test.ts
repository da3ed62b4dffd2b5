/**
 * Migration 0009 over data written before it: names are brought under the name rule as far as SQL can,
 * every user gets a skeleton, and artists whose names already look alike are told apart without failing
 * the migration — the one who became an artist first keeps the name, each later one gets the first free
 * suffix. Also: the confusables table holds exactly the library's copy of Unicode's confusables.txt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { databaseBeforeMigration } from '../src/testing';
import { confusablePairs } from './confusables';

const TAG = '0009_artist_name_skeletons';

describe('migration to artist name skeletons', () => {
  let migration: Awaited<ReturnType<typeof databaseBeforeMigration>>;
  let client: pg.Client;
  const one = async (text: string, values: unknown[] = []) => (await client.query(text, values)).rows[0];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    migration = await databaseBeforeMigration(TAG);
    client = migration.client;

    // Users as they could be stored before: artist_since decides who came first, not sign-up order.
    const user = async (key: string, name: string, role: 'user' | 'artist', artistSince?: string) => {
      const { id } = await one(
        `INSERT INTO users (google_sub, email, display_name, role, created_at)
         VALUES ($1, $2, $3, $4, '2026-01-01') RETURNING id`,
        [key, `${key}@example.test`, name, role],
      );
      if (artistSince) {
        await client.query(
          `INSERT INTO artist_profiles (user_id, contact_email, signature_key, created_at) VALUES ($1, 'a@b.test', 'k', $2)`,
          [id, artistSince],
        );
      }
      ids[key] = id;
    };
    await user('cyrillic', 'Mir\u0430 Quill', 'artist', '2026-02-01');
    await user('original', 'Mira Quill', 'artist', '2026-01-15');
    await user('zero-width', 'Mira\u200B Quill', 'artist', '2026-03-01');
    await user('suffixed', 'Mira Quill (2)', 'artist', '2026-04-01');
    await user('buyer', 'Mira Quill', 'user');
    await user('long', `${'L'.repeat(60)}`, 'artist', '2026-01-01');
    await user('long-copy', `${'L'.repeat(60)}`, 'artist', '2026-05-01');
    await user(
      'hostile',
      'Mi\u202Era\r\nQ<b>uill</b> https://evil.example/l 11111111-1111-1111-1111-111111111111',
      'user',
    );
    await user('blank', '\u200B\uFEFF', 'user');
    await user('emoji', 'Mina 👩\u200D🎨', 'user');
    const { id: styleId } = await one(
      `INSERT INTO styles (artist_id, name, price_tokens) VALUES ($1, $2, 5) RETURNING id`,
      [ids.original, 'x" (license 22222222-2222-2222-2222-222222222222, https://evil.example/l)'],
    );
    ids.style = styleId;

    await migration.migrate();
  });
  afterAll(async () => {
    await migration?.dispose();
  });

  const nameOf = async (key: string) =>
    (await one(`SELECT display_name FROM users WHERE id = $1`, [ids[key]])).display_name as string;

  it('keeps the name for the artist who came first and suffixes each later look-alike, skipping taken suffixes', async () => {
    expect(await nameOf('original')).toBe('Mira Quill');
    expect(await nameOf('suffixed')).toBe('Mira Quill (2)');
    expect(await nameOf('cyrillic')).toBe('Mir\u0430 Quill (3)');
    expect(await nameOf('zero-width')).toBe('Mira Quill (4)');
    expect(await nameOf('buyer')).toBe('Mira Quill');
  });

  it('keeps a suffixed name within 60 characters', async () => {
    expect(await nameOf('long')).toBe('L'.repeat(60));
    expect(await nameOf('long-copy')).toBe(`${'L'.repeat(56)} (2)`);
  });

  it('cleans stored names: controls, direction controls, zero-width characters, markup, URLs and ids go', async () => {
    expect(await nameOf('hostile')).toBe('Mira Qbuill/b');
    expect(await nameOf('blank')).toBe('User');
    expect(await nameOf('emoji')).toBe('Mina 👩\u200D🎨');
    const { name } = await one(`SELECT name FROM styles WHERE id = $1`, [ids.style]);
    expect(name).toBe('x" (license ,');
  });

  it('gives every user the skeleton of their name, and keeps it with every later write', async () => {
    const { missing } = await one(
      `SELECT count(*)::int AS missing FROM users WHERE name_skeleton IS DISTINCT FROM name_skeleton(display_name)`,
    );
    expect(missing).toBe(0);
    await client.query(`UPDATE users SET display_name = 'Orin Vale' WHERE id = $1`, [ids.buyer]);
    await client.query(`UPDATE users SET name_skeleton = 'forged' WHERE id = $1`, [ids.emoji]);
    const rows = await client.query(`SELECT display_name, name_skeleton FROM users WHERE id = ANY($1)`, [
      [ids.buyer, ids.emoji],
    ]);
    expect(rows.rows).toEqual(
      expect.arrayContaining([
        { display_name: 'Orin Vale', name_skeleton: 'Orin Vale' },
        { display_name: 'Mina 👩\u200D🎨', name_skeleton: 'Mina 👩🎨' },
      ]),
    );
  });

  it('refuses a later look-alike artist, and lets a buyer keep a look-alike name', async () => {
    await expect(
      client.query(`UPDATE users SET role = 'artist' WHERE id = $1`, [ids.hostile]),
    ).resolves.toBeDefined();
    await client.query(`UPDATE users SET display_name = 'Mira Quill' WHERE id = $1`, [ids.blank]);
    await expect(
      client.query(`UPDATE users SET role = 'artist' WHERE id = $1`, [ids.blank]),
    ).rejects.toMatchObject({
      code: '23505',
      constraint: 'users_artist_name_skeleton_key',
    });
  });

  it("holds exactly the confusables library's data", async () => {
    const { rows } = await client.query<{ source: string; prototype: string }>(
      `SELECT source, prototype FROM name_confusables`,
    );
    const stored = new Map(rows.map((row) => [row.source, row.prototype]));
    const expected = confusablePairs();
    expect(stored.size).toBe(expected.length);
    for (const [source, prototype] of expected) expect(stored.get(source), source).toBe(prototype);
  });
});
