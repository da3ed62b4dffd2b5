/**
 * A style stays on sale while it is retrained, and after a retrain fails: buyers keep generating with the
 * version on sale, switch to the new one when it is ready, and every generation records (and is made
 * with) the version it was sold with. On PostgreSQL, RabbitMQ, the S3-compatible server and a real worker
 * whose training can be held open or made to fail.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import {
  createArtifactCache,
  generationHandler,
  quiltEngine,
  trainingHandler,
  type StyleEngine,
} from '@style-license/gpu-worker';
import { GENERATION_JOB_TYPES, JOB_TYPES } from '@style-license/shared';
import { becomeArtist, buyTokens, client, signIn, trainStyle } from '../../scripts/journey';
import { auditLedger } from '../src/domains/tokens/ledger';
import { realServicesEnv, startTestServer, startTestWorker, waitFor } from './support';

const env = {
  ...realServicesEnv(),
  OUTBOX_POLL_MS: '50',
  GENERATION_RATE_LIMIT: '1000',
  SIGNIN_RATE_LIMIT: '1000',
  API_RATE_LIMIT: '100000',
};

type Api = ReturnType<typeof client>;
type Phase = 'retraining' | 'switching' | 'version 2' | 'failing retrain';

/** Quilt, except that a run waits for `open()` and, once `failing`, throws instead of training. */
function heldEngine() {
  let release: () => void = () => {};
  let gate = Promise.resolve();
  const state = { failing: false, calls: 0 };
  const engine: StyleEngine = {
    ...quiltEngine,
    train: async (images, onProgress) => {
      state.calls++;
      onProgress(5);
      await gate;
      if (state.failing) throw new Error('CUDA out of memory (simulated)');
      return quiltEngine.train(images, onProgress);
    },
  };
  return {
    engine,
    state,
    hold: () => {
      gate = new Promise((resolve) => (release = resolve));
    },
    open: () => release(),
  };
}

describe('style versions while buyers generate', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    expect(await auditLedger(database.db)).toEqual([]);
    await database?.dispose();
  });

  it('a retrain and a failed retrain never take the style off the market; each sale records its version', async () => {
    const server = await startTestServer(env, { database });
    const held = heldEngine();
    const worker = await startTestWorker(env, {
      [JOB_TYPES.trainingRequested]: trainingHandler(held.engine),
      [GENERATION_JOB_TYPES.requested]: generationHandler(quiltEngine, createArtifactCache()),
    });
    const styleRow = async (id: string) =>
      (await database.db.select().from(schema.styles).where(eq(schema.styles.id, id)))[0]!;
    try {
      const artist = await signIn(server.base, { name: 'Ara Seo', email: `${randomUUID()}@example.test` });
      await becomeArtist(artist);
      const styleId = await trainStyle(artist, 'Rain on Glass');
      const anonymous = client(server.base);

      // Buyers buy in a loop, each purchase labelled with the phase it was asked for in.
      let phase: Phase = 'retraining';
      let stop = false;
      const sales: { id: string; phase: Phase }[] = [];
      const refusals: string[] = [];
      const buyer = async (api: Api) => {
        while (!stop) {
          const asked = phase;
          try {
            const made = await api.call<{ id: string }>(
              'generation.create',
              { styleId, expectedPriceTokens: 5, promptTags: [], idempotencyKey: randomUUID() },
              true,
            );
            sales.push({ id: made.id, phase: asked });
            // The public page says it is on sale the whole time.
            const page = await anonymous.call<{ status: string }>('styles.get', { styleId });
            if (page.status !== 'ready') refusals.push(`styles.get said ${page.status}`);
          } catch (error) {
            refusals.push(`${asked}: ${(error as Error).message}`);
          }
          await new Promise((r) => setTimeout(r, 150));
        }
      };
      const buyers = await Promise.all(
        [0, 1, 2].map(async (n) => {
          const api = await signIn(server.base, {
            name: `Buyer ${n}`,
            email: `${randomUUID()}@example.test`,
          });
          await buyTokens(server.base, api, 'tokens_500');
          return api;
        }),
      );
      const salesIn = (p: Phase) => sales.filter((s) => s.phase === p).length;

      held.hold();
      await artist.call('training.submit', { styleId, rightsAttested: true }, true);
      const buying = Promise.all(buyers.map(buyer));
      await waitFor(() => held.state.calls === 2, 30_000, 'the retrain to start');
      await waitFor(() => salesIn('retraining') >= 6, 60_000, 'sales during the retrain');
      const retraining = await artist.call<{ status: string; version: number; training: { status: string } }>(
        'styles.get',
        { styleId },
      );
      expect(retraining).toMatchObject({ status: 'ready', version: 1, training: { status: 'running' } });

      phase = 'switching';
      held.open();
      await waitFor(async () => (await styleRow(styleId)).currentVersion === 2, 60_000, 'version 2');
      phase = 'version 2';
      await waitFor(() => salesIn('version 2') >= 6, 60_000, 'sales of version 2');

      held.state.failing = true;
      held.hold();
      phase = 'failing retrain';
      await artist.call('training.submit', { styleId, rightsAttested: true }, true);
      await waitFor(() => held.state.calls >= 3, 30_000, 'the failing retrain to start');
      const before = salesIn('failing retrain');
      await waitFor(() => salesIn('failing retrain') >= before + 3, 60_000, 'sales during the failing run');
      held.open();
      await waitFor(
        async () => (await styleRow(styleId)).failureCode !== null,
        90_000,
        'the retrain to fail',
      );
      await waitFor(() => salesIn('failing retrain') >= before + 6, 60_000, 'sales after the failed run');
      stop = true;
      await buying;

      expect(refusals).toEqual([]);
      expect(await styleRow(styleId)).toMatchObject({
        status: 'ready',
        currentVersion: 2,
        failureCode: 'processing_failed',
      });
      const [failedNote] = await database.db
        .select()
        .from(schema.notifications)
        .where(
          and(
            eq(schema.notifications.userId, (await styleRow(styleId)).artistId),
            eq(schema.notifications.type, 'model_training_failed'),
          ),
        );
      expect(failedNote?.payload).toMatchObject({ styleId, keptVersion: 2 });

      // Every sale is delivered, records the version it was sold with, and was made with that version's model.
      const rows = await waitFor(
        async () => {
          const all = await database.db
            .select()
            .from(schema.generations)
            .where(eq(schema.generations.styleId, styleId));
          return all.length === sales.length && all.every((g) => g.status === 'succeeded') ? all : null;
        },
        60_000,
        'every sale delivered',
      );
      const versions = await database.db
        .select()
        .from(schema.styleVersions)
        .where(eq(schema.styleVersions.styleId, styleId));
      expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
      const jobs = await database.db
        .select()
        .from(schema.outbox)
        .where(eq(schema.outbox.type, GENERATION_JOB_TYPES.requested));
      const expected: Record<Phase, number[]> = {
        retraining: [1],
        switching: [1, 2],
        'version 2': [2],
        'failing retrain': [2],
      };
      for (const sale of sales) {
        const row = rows.find((g) => g.id === sale.id)!;
        expect(expected[sale.phase], `${sale.phase} sold version ${row.styleVersion}`).toContain(
          row.styleVersion,
        );
        const job = jobs.find((j) => (j.payload as { generationId: string }).generationId === row.id);
        const model = versions.find((v) => v.version === row.styleVersion)!;
        expect((job!.payload as { artifactKey: string }).artifactKey).toBe(model.artifactKey);
      }
    } finally {
      await worker.stop();
      await server.stop();
    }
  }, 240_000);
});
