/**
 * Migration 0015 over an outbox written before jobs were routed by engine: every unsent job moves to its
 * engine's queue (no worker would read the old ones' new messages otherwise), while sent rows, events and
 * rows that name no known engine stay as they were (the latter are drained from the legacy queue).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBeforeMigration } from '../src/testing';

describe('migration to per-engine job queues', () => {
  let migration: Awaited<ReturnType<typeof databaseBeforeMigration>>;
  const queues: Record<string, string> = {};

  beforeAll(async () => {
    migration = await databaseBeforeMigration('0015_engine_queues');
    const row = async (name: string, queue: string, payload: object, sent: boolean) => {
      const { rows } = await migration.client.query(
        `INSERT INTO outbox (queue, type, payload, sent_at) VALUES ($1, 'x', $2, $3) RETURNING id`,
        [queue, JSON.stringify(payload), sent ? new Date() : null],
      );
      queues[name] = rows[0].id;
    };
    await row('training', 'model_training', { engine: 'quilt' }, false);
    await row('lora', 'image_generation', { engine: 'diffusers-lora' }, false);
    await row('sent', 'image_generation', { engine: 'quilt' }, true);
    await row('event', 'job_events', { engine: 'quilt' }, false);
    await row('unknown', 'model_training', { engine: 'dall-e' }, false);
    await row('none', 'model_training', {}, false);
    await migration.migrate();
  });
  afterAll(() => migration.dispose());

  it('moves unsent jobs to their engine’s queue and leaves everything else alone', async () => {
    const { rows } = await migration.client.query<{ id: string; queue: string }>(
      'SELECT id, queue FROM outbox',
    );
    const after = Object.fromEntries(
      Object.entries(queues).map(([name, id]) => [name, rows.find((r) => r.id === id)!.queue]),
    );
    expect(after).toEqual({
      training: 'model_training.quilt',
      lora: 'image_generation.diffusers-lora',
      sent: 'image_generation',
      event: 'job_events',
      unknown: 'model_training',
      none: 'model_training',
    });
  });
});
