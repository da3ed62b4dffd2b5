/**
 * Jobs leave by engine: the operator's TRAINING_ENGINE is the engine of every new style; its training
 * job goes to that engine's queue, and a purchase goes to the queue of the engine that trained the
 * style's current version — no other engine can read that model.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { GENERATION_JOB_TYPES, JOB_TYPES, TRAINING_IMAGES, type Engine } from '@style-license/shared';
import { buildApp } from '../src/app';
import { buyerWith, generationInput, readyStyle } from './generation-support';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

describe('jobs routed by engine', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps({ env: { TRAINING_ENGINE: 'diffusers-lora' } });
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  const outboxOf = async (type: string, key: string, id: string) =>
    (await deps.database.db.select().from(schema.outbox).where(eq(schema.outbox.type, type))).filter(
      (row) => (row.payload as Record<string, unknown>)[key] === id,
    );

  it('new styles get the configured engine, and their training goes to that engine’s queue', async () => {
    const artist = await signInAs(deps, { role: 'artist' });
    await deps.database.db.insert(schema.artistProfiles).values({
      userId: artist.user.id,
      contactEmail: artist.user.email,
      signatureKey: `signatures/${artist.user.id}/${randomUUID()}.png`,
    });
    const created = await callTrpc(app, 'styles.create', {
      input: { name: 'Harbour Ink', description: '', priceTokens: 5, tags: [] },
      mutation: true,
      headers: artist.browser,
    });
    expect(created.status, JSON.stringify(created.error)).toBe(200);
    const styleId = (created.data as { id: string }).id;
    const [style] = await deps.database.db.select().from(schema.styles).where(eq(schema.styles.id, styleId));
    expect(style!.engine).toBe('diffusers-lora');

    await deps.database.db.insert(schema.trainingImages).values(
      Array.from({ length: TRAINING_IMAGES.min }, (_, i) => ({
        styleId,
        objectKey: `styles/${styleId}/originals/${i}`,
        trainingKey: `styles/${styleId}/training/${i}.png`,
        originalName: `${i}.png`,
        width: 512,
        height: 512,
        format: 'png' as const,
        byteSize: 1,
        sha256: String(i).padStart(64, '0'),
        perceptualHash: '0'.repeat(16),
      })),
    );
    const submitted = await callTrpc(app, 'training.submit', {
      input: { styleId, rightsAttested: true },
      mutation: true,
      headers: artist.browser,
    });
    expect(submitted.status, JSON.stringify(submitted.error)).toBe(200);
    const [job] = await outboxOf(JOB_TYPES.trainingRequested, 'styleId', styleId);
    expect(job).toMatchObject({
      queue: 'model_training.diffusers-lora',
      payload: { engine: 'diffusers-lora' },
    });
  });

  it.each<Engine>(['quilt', 'diffusers-lora'])(
    'a purchase in a style trained by %s goes to that engine’s queue',
    async (engine) => {
      const { style } = await readyStyle(deps, { engine });
      const buyer = await buyerWith(deps, 100);
      const res = await callTrpc(app, 'generation.create', {
        input: generationInput(style),
        mutation: true,
        headers: buyer.browser,
      });
      expect(res.status, JSON.stringify(res.error)).toBe(200);
      const generationId = (res.data as { id: string }).id;
      const [job] = await outboxOf(GENERATION_JOB_TYPES.requested, 'generationId', generationId);
      expect(job).toMatchObject({ queue: `image_generation.${engine}`, payload: { engine } });
      expect((job!.payload as { artifactKey: string }).artifactKey).toMatch(
        engine === 'quilt' ? /\.quilt$/ : /\.safetensors$/,
      );
    },
  );
});
