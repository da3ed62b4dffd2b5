/**
 * The migration that introduced model versions, run over data written before it: every style with a
 * model keeps selling it as version 1 (linked to the run that trained it when known), its generations
 * are recorded as made with it, and a "ready" style without a model becomes a draft instead of breaking
 * the migration; one the old retrain took off sale while keeping its model is back on sale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { databaseBeforeMigration } from '@style-license/db/testing';

describe('migration to style versions', () => {
  let migration: Awaited<ReturnType<typeof databaseBeforeMigration>>;
  let client: pg.Client;
  beforeAll(async () => {
    migration = await databaseBeforeMigration('_style_versions');
    client = migration.client;
  });
  afterAll(async () => {
    await migration?.dispose();
  });

  it('keeps every trained style on sale as version 1 and records its generations as made with it', async () => {
    const one = async (text: string, values: unknown[] = []) => (await client.query(text, values)).rows[0];
    const artist = await one(
      `INSERT INTO users (google_sub, email, display_name) VALUES ('s', 'a@example.test', 'A') RETURNING id`,
    );
    const style = async (status: string, artifact: string | null) =>
      (
        await one(
          `INSERT INTO styles (artist_id, name, price_tokens, status, model_artifact_key)
           VALUES ($1, 'S', 5, $2, $3) RETURNING id`,
          [artist.id, status, artifact],
        )
      ).id as string;
    const trained = await style('ready', 'models/t/job-2.quilt');
    const unknownRun = await style('archived', 'models/u/old.quilt');
    const broken = await style('ready', null);
    // Taken off sale by the old retrain, which kept the model: mid-retrain, and after a failed one.
    const retraining = await style('training', 'models/r/old.quilt');
    const failedRetrain = await style('failed', 'models/f/old.quilt');
    const draft = await style('draft', null);
    const job = async (styleId: string, artifact: string) =>
      (
        await one(
          `INSERT INTO training_jobs (style_id, engine, status, artifact_key, finished_at)
           VALUES ($1, 'quilt', 'succeeded', $2, now()) RETURNING id`,
          [styleId, artifact],
        )
      ).id as string;
    await job(trained, 'models/t/job-1.quilt');
    const lastRun = await job(trained, 'models/t/job-2.quilt');
    const generation = await one(
      `INSERT INTO generations (owner_id, style_id, seed, cost_tokens, idempotency_key)
       VALUES ($1, $2, 1, 5, 'key-1') RETURNING id`,
      [artist.id, trained],
    );

    await migration.migrate();

    const versions = (
      await client.query(
        'SELECT style_id, version, training_job_id, artifact_key FROM style_versions ORDER BY artifact_key',
      )
    ).rows;
    expect(versions.filter((v) => v.style_id === trained || v.style_id === unknownRun)).toEqual([
      { style_id: trained, version: 1, training_job_id: lastRun, artifact_key: 'models/t/job-2.quilt' },
      { style_id: unknownRun, version: 1, training_job_id: null, artifact_key: 'models/u/old.quilt' },
    ]);
    const styles = (await client.query('SELECT id, status, current_version FROM styles')).rows;
    expect(Object.fromEntries(styles.map((s) => [s.id, [s.status, s.current_version]]))).toEqual({
      [trained]: ['ready', 1],
      [unknownRun]: ['archived', 1],
      [broken]: ['draft', null],
      [retraining]: ['ready', 1],
      [failedRetrain]: ['ready', 1],
      [draft]: ['draft', null],
    });
    expect(await one('SELECT style_version FROM generations WHERE id = $1', [generation.id])).toEqual({
      style_version: 1,
    });
    // From now on the database itself refuses a style on sale without a model.
    await expect(client.query(`UPDATE styles SET status = 'ready' WHERE id = $1`, [draft])).rejects.toThrow(
      /styles_ready_has_version/,
    );
  });
});
