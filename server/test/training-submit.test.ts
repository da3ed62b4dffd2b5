/**
 * Submitting a style for training needs the artist's signature: the training job signs its sample images
 * with it, so the job carries the signature key and the names as they were at submission, and an artist
 * without a signature is refused before anything is written.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { JOB_TYPES, TRAINING_IMAGES, trainingRequestedSchema } from '@style-license/shared';
import { buildApp } from '../src/app';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

describe('submitting a style for training', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  /** A draft style with the fewest images training accepts, made directly in the database. */
  async function draftWithImages(withSignature: boolean) {
    const artist = await signInAs(deps, { role: 'artist' });
    const signatureKey = `signatures/${artist.user.id}/${randomUUID()}.png`;
    if (withSignature)
      await deps.database.db
        .insert(schema.artistProfiles)
        .values({ userId: artist.user.id, contactEmail: artist.user.email, signatureKey });
    const [style] = await deps.database.db
      .insert(schema.styles)
      .values({ artistId: artist.user.id, name: 'Morning Wash', priceTokens: 5, status: 'draft' })
      .returning();
    await deps.database.db.insert(schema.trainingImages).values(
      Array.from({ length: TRAINING_IMAGES.min }, (_, i) => ({
        styleId: style!.id,
        objectKey: `styles/${style!.id}/originals/${i}`,
        trainingKey: `styles/${style!.id}/training/${i}.png`,
        originalName: `${i}.png`,
        width: 512,
        height: 512,
        format: 'png' as const,
        byteSize: 1,
        sha256: String(i).padStart(64, '0'),
        perceptualHash: '0'.repeat(16),
      })),
    );
    return { artist, style: style!, signatureKey };
  }

  const submit = (headers: Record<string, string>, styleId: string) =>
    callTrpc(app, 'training.submit', { input: { styleId }, mutation: true, headers });
  const trainingJobsOf = (styleId: string) =>
    deps.database.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.type, JOB_TYPES.trainingRequested))
      .then((rows) => rows.filter((row) => (row.payload as { styleId?: string }).styleId === styleId));

  it('the job carries the artist’s signature key and names, so its samples can be signed', async () => {
    const { artist, style, signatureKey } = await draftWithImages(true);
    const res = await submit(artist.browser, style.id);
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    const [job] = await trainingJobsOf(style.id);
    expect(trainingRequestedSchema.parse(job!.payload)).toMatchObject({
      styleId: style.id,
      signatureKey,
      artistName: artist.user.displayName,
      styleName: 'Morning Wash',
    });
  });

  it('an artist without a signature is refused (CONFLICT) and nothing changes', async () => {
    const { artist, style } = await draftWithImages(false);
    const res = await submit(artist.browser, style.id);
    expect(res.status).toBe(409);
    expect(res.error?.data).toMatchObject({ code: 'CONFLICT' });
    expect(res.error?.message).toContain('signature');
    const [after] = await deps.database.db.select().from(schema.styles).where(eq(schema.styles.id, style.id));
    expect(after!.status).toBe('draft');
    expect(
      await deps.database.db
        .select()
        .from(schema.trainingJobs)
        .where(eq(schema.trainingJobs.styleId, style.id)),
    ).toEqual([]);
    expect(await trainingJobsOf(style.id)).toEqual([]);
  });
});
