/**
 * Submitting a style for training needs the artist's signature: the training job signs its sample images
 * with it, so the job carries the signature key and the names as they were at submission, and an artist
 * without a signature is refused before anything is written.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import {
  JOB_TYPES,
  TRAINING_IMAGES,
  trainingKeys,
  trainingRequestedSchema,
  type MyStyle,
} from '@style-license/shared';
import { buildApp } from '../src/app';
import { failTrainingJob, trainingEventHandlers } from '../src/domains/training/events';
import { putOnSale } from './generation-support';
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
    callTrpc(app, 'training.submit', {
      input: { styleId, rightsAttested: true },
      mutation: true,
      headers,
    });
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
    expect(res.error?.data).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'signature', rule: 'no_signature' }],
    });
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

  describe('retraining a ready style', () => {
    const mine = async (headers: Record<string, string>, styleId: string) =>
      ((await callTrpc(app, 'styles.mine', { headers })).data as MyStyle[]).find((s) => s.id === styleId)!;
    const get = (headers: Record<string, string>, styleId: string) =>
      callTrpc(app, 'styles.get', { input: { styleId }, headers });
    const liveJobOf = async (styleId: string) =>
      (
        await deps.database.db
          .select()
          .from(schema.trainingJobs)
          .where(eq(schema.trainingJobs.styleId, styleId))
      ).filter((job) => job.status === 'queued' || job.status === 'running');

    /** A style on sale with version 1, trained by a recorded run whose signed samples are stored. */
    async function onSale() {
      const made = await draftWithImages(true);
      const [first] = await deps.database.db
        .insert(schema.trainingJobs)
        .values({ styleId: made.style.id, engine: 'quilt', status: 'succeeded', finishedAt: new Date() })
        .returning();
      await deps.storage.put(trainingKeys(made.style.id, first!.id).sample(0), Buffer.from('v1'));
      await putOnSale(deps.database.db, made.style.id, { trainingJobId: first!.id });
      return made;
    }

    it('stays ready and on sale while the run is live; a second submit is CONFLICT; the images are frozen', async () => {
      const { artist, style } = await onSale();
      const res = await submit(artist.browser, style.id);
      expect(res.status, JSON.stringify(res.error)).toBe(200);
      expect(await mine(artist.browser, style.id)).toMatchObject({
        status: 'ready',
        version: 1,
        training: { status: 'queued', progress: 0, failureCode: null },
      });
      // Buyers still see it, and see nothing of its training.
      const stranger = await signInAs(deps);
      expect((await get(stranger.browser, style.id)).data).toMatchObject({
        status: 'ready',
        version: 1,
        training: null,
      });

      const again = await submit(artist.browser, style.id);
      expect([again.status, (again.error?.data as { code: string }).code]).toEqual([409, 'CONFLICT']);
      expect(await liveJobOf(style.id)).toHaveLength(1);
      const upload = await callTrpc(app, 'training.requestUploads', {
        mutation: true,
        headers: artist.browser,
        input: { styleId: style.id, files: [{ fileName: 'a.png', byteSize: 1000, sha256: '0'.repeat(64) }] },
      });
      expect([upload.status, (upload.error?.data as { code: string }).code]).toEqual([409, 'CONFLICT']);
    });

    it('switches to the new version and its samples only when the run succeeds', async () => {
      const { artist, style } = await onSale();
      await submit(artist.browser, style.id);
      const [job] = await liveJobOf(style.id);
      const keys = trainingKeys(style.id, job!.id);
      await deps.storage.put(keys.sample(0), Buffer.from('v2'));
      // Stored under the run's prefix but not reported by it: the page links what the run reported.
      await deps.storage.put(keys.sample(1), Buffer.from('not reported'));
      const sampleOf = async () => {
        const { sampleUrls } = (await get(artist.browser, style.id)).data as { sampleUrls: string[] };
        return Promise.all(
          sampleUrls.map(async (url) => {
            const { pathname, search } = new URL(url);
            return (await app.inject({ method: 'GET', url: pathname + search })).body;
          }),
        );
      };
      const apply = (type: string, payload: object) =>
        deps.database.db.transaction((tx) => trainingEventHandlers(deps.logger)[type]!(tx, payload));

      await apply(JOB_TYPES.trainingProgress, { jobId: job!.id, styleId: style.id, progress: 60 });
      expect(await mine(artist.browser, style.id)).toMatchObject({
        status: 'ready',
        version: 1,
        progress: 60,
        training: { status: 'running', progress: 60 },
      });
      expect(await sampleOf()).toEqual(['v1']); // the version on sale's pictures, not the run's

      await apply(JOB_TYPES.trainingCompleted, {
        jobId: job!.id,
        styleId: style.id,
        artifactKey: keys.artifact('quilt'),
        sampleKeys: [keys.sample(0)],
      });
      expect(await mine(artist.browser, style.id)).toMatchObject({
        status: 'ready',
        version: 2,
        training: { status: 'succeeded', progress: 100 },
      });
      expect(await sampleOf()).toEqual(['v2']);
      const [v2] = await deps.database.db
        .select()
        .from(schema.styleVersions)
        .where(and(eq(schema.styleVersions.styleId, style.id), eq(schema.styleVersions.version, 2)));
      expect(v2).toMatchObject({
        trainingJobId: job!.id,
        artifactKey: keys.artifact('quilt'),
        engine: 'quilt',
      });
    });

    it('a failed retrain keeps the version on sale and says why; a failed first run leaves nothing on sale', async () => {
      const { artist, style } = await onSale();
      await submit(artist.browser, style.id);
      const [job] = await liveJobOf(style.id);
      await deps.database.db.transaction((tx) =>
        failTrainingJob(tx, job!.id, style.id, { code: 'processing_failed' }),
      );
      expect(await mine(artist.browser, style.id)).toMatchObject({
        status: 'ready',
        version: 1,
        training: { status: 'failed', failureCode: 'processing_failed' },
      });
      const [note] = await deps.database.db
        .select()
        .from(schema.notifications)
        .where(eq(schema.notifications.userId, artist.user.id));
      expect(note?.payload).toMatchObject({ reasonCode: 'processing_failed', keptVersion: 1 });

      const first = await draftWithImages(true);
      await submit(first.artist.browser, first.style.id);
      const [firstJob] = await liveJobOf(first.style.id);
      await deps.database.db.transaction((tx) =>
        failTrainingJob(tx, firstJob!.id, first.style.id, { code: 'processing_failed' }),
      );
      expect(await mine(first.artist.browser, first.style.id)).toMatchObject({
        status: 'failed',
        version: null,
      });
    });
  });
});
