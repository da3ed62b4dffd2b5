import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { quiltEngine, trainingHandler, type StyleEngine } from '@style-license/gpu-worker';
import { JOB_TYPES } from '@style-license/shared';
import { realServicesEnv, signInAs, startTestServer, startTestWorker } from './support';
import { freshTrainingSet } from '../../scripts/journey';
import { createStyle, trpcCall, uploadImages, waitFor } from './training-support';
import { currentVersionOf } from '../src/domains/styles/versions';
import { productionKeys } from './production-keys';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIGNATURE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><path d="M10 100 C 100 0, 200 120, 390 20" ' +
  'stroke="#1a1a2e" stroke-width="8" fill="none" stroke-linecap="round"/></svg>';

/**
 * The real path: API → S3 → outbox → RabbitMQ model_training → worker (quilt) → job_events → server →
 * notification, on PostgreSQL, RabbitMQ and the S3-compatible server that `npm test` runs.
 */
describe('style training end to end', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const env = realServicesEnv();

  beforeAll(async () => {
    server = await startTestServer({ ...env, OUTBOX_POLL_MS: '50' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const notificationsOf = (userId: string) =>
    server.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId));
  const styleRow = async (id: string) =>
    (await server.db.select().from(schema.styles).where(eq(schema.styles.id, id)))[0]!;

  /** An artist as the product makes one: applying with a signature, which training's samples are signed with. */
  async function artistWithSignature() {
    const artist = await signInAs(server.deps);
    const signature = await sharp(Buffer.from(SIGNATURE_SVG)).png().toBuffer();
    const applied = await trpcCall(
      server.base,
      'artists.submitApplication',
      artist.browser,
      {
        contactEmail: artist.user.email,
        signature: { fileName: 'signature.png', dataBase64: signature.toString('base64') },
      },
      true,
    );
    expect(applied.status, JSON.stringify(applied.error)).toBe(200);
    return artist;
  }

  async function styleWithImages(name: string, tags: string[], count = 12) {
    const artist = await artistWithSignature();
    const styleId = await createStyle(server.base, artist, { name, tags, priceTokens: 5 });
    // New pictures for each artist: a style's images are refused to every other artist's style.
    const set = await freshTrainingSet('ember', count);
    const results = await uploadImages(
      server.base,
      artist,
      styleId,
      set.map((image) => ({ fileName: image.fileName, data: image.data, tags: image.tags })),
    );
    expect(results.filter((r) => r.status === 'accepted')).toHaveLength(count);
    return { artist, styleId };
  }

  it('uploads 12 images, trains, notifies once, stores the artifact, and the style is found by its tags', async () => {
    const worker = await startTestWorker(env);
    try {
      const { artist, styleId } = await styleWithImages('Morning Wash', ['watercolor', 'portrait']);
      const submitted = await trpcCall(
        server.base,
        'training.submit',
        artist.browser,
        { styleId, rightsAttested: true },
        true,
      );
      expect(submitted.status, JSON.stringify(submitted.error)).toBe(200);
      expect((await styleRow(styleId)).status).toBe('queued');

      const [note] = await waitFor(async () => {
        const rows = await notificationsOf(artist.user.id);
        return rows.length ? rows : null;
      });
      expect(note).toMatchObject({ type: 'model_training_completed', payload: { styleId } });
      const style = await styleRow(styleId);
      expect(style).toMatchObject({ status: 'ready', progress: 100 });
      expect(style.currentVersion).toBe(1);
      const model = await currentVersionOf(server.db, styleId);
      expect(await worker.storage.head(model!.artifactKey)).not.toBeNull();
      expect(style.thumbnailKey).toBeTruthy();

      const found = await trpcCall(server.base, 'styles.search', {}, { tags: ['watercolor', 'portrait'] });
      expect(found.data.items.map((s: { id: string }) => s.id)).toContain(styleId);
      const notFound = await trpcCall(
        server.base,
        'styles.search',
        {},
        { tags: ['watercolor', 'landscape'] },
      );
      expect(notFound.data.items.map((s: { id: string }) => s.id)).not.toContain(styleId);
      const popular = await trpcCall(server.base, 'styles.popularTags', {});
      expect(JSON.stringify(popular.data)).toContain('watercolor');

      const detail = await trpcCall(server.base, 'styles.get', {}, { styleId });
      expect(detail.data.sampleUrls.length).toBeGreaterThan(0);
      // What an anonymous visitor is linked to is signed, and says it is a sample, not a license.
      expect(style.thumbnailKey).toMatch(/\/samples\/.+\.webp$/);
      for (const url of [detail.data.thumbnailUrl, ...detail.data.sampleUrls]) {
        const read = await sharp(Buffer.from(await (await fetch(url)).arrayBuffer())).metadata();
        expect(read.format).toBe('webp');
        expect(read.xmp?.toString('utf8')).toContain('<stylelicense:Sample>True</stylelicense:Sample>');
        expect(read.xmp?.toString('utf8')).not.toContain('LicenseId');
      }
      await new Promise((r) => setTimeout(r, 300)); // any duplicate event would land by now
      expect(await notificationsOf(artist.user.id)).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('a worker killed mid-training: the job is redelivered, completes once, one notification', async () => {
    const { artist, styleId } = await styleWithImages('Killed Mid-way', ['ink']);
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'gpu-worker/src/main.ts'], {
      cwd: ROOT,
      // WORKER_HTTP_PORT 0: any free port for its probe listener, as test files run side by side.
      // Production refuses the development keys: keys of its own, as an operator makes them.
      env: {
        ...process.env,
        ...env,
        ...(await productionKeys()),
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        WORKER_HTTP_PORT: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await trpcCall(server.base, 'training.submit', artist.browser, { styleId, rightsAttested: true }, true);
    // Kill it (no clean-up) once it is visibly training.
    await waitFor(async () => (await styleRow(styleId)).status === 'training');
    child.kill('SIGKILL');
    await exited;
    expect((await styleRow(styleId)).status).toBe('training');

    const worker = await startTestWorker(env);
    try {
      await waitFor(async () => (await styleRow(styleId)).status === 'ready', 90_000);
      await new Promise((r) => setTimeout(r, 300));
      const notes = await notificationsOf(artist.user.id);
      expect(notes.map((n) => n.type)).toEqual(['model_training_completed']);
      const jobs = await server.db
        .select()
        .from(schema.trainingJobs)
        .where(eq(schema.trainingJobs.styleId, styleId));
      expect(jobs.map((j) => j.status)).toEqual(['succeeded']);
    } finally {
      await worker.stop();
    }
  }, 150_000);

  it('an engine that throws three times: failed with a reason, dead-lettered, artist notified once', async () => {
    let calls = 0;
    const broken: StyleEngine = {
      ...quiltEngine,
      train: async () => {
        calls++;
        throw new Error('CUDA out of memory (simulated)');
      },
    };
    const worker = await startTestWorker(env, { [JOB_TYPES.trainingRequested]: trainingHandler(broken) });
    try {
      const { artist, styleId } = await styleWithImages('Doomed', ['pastel'], 10);
      await trpcCall(server.base, 'training.submit', artist.browser, { styleId, rightsAttested: true }, true);
      await waitFor(async () => (await styleRow(styleId)).status === 'failed', 60_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(calls).toBe(3);
      const style = await styleRow(styleId);
      // The artist reads a plain sentence; the engine's words stay in the logs.
      expect(style).toMatchObject({
        failureCode: 'processing_failed',
        failureReason: 'Training did not succeed. Please submit the style again.',
      });
      const notes = await notificationsOf(artist.user.id);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ type: 'model_training_failed' });
      const [job] = await server.db
        .select()
        .from(schema.trainingJobs)
        .where(and(eq(schema.trainingJobs.styleId, styleId), eq(schema.trainingJobs.status, 'failed')));
      expect(job?.failureCode).toBe('processing_failed');
      // The message itself waits in the dead-letter queue for an operator.
      const dead: string[] = [];
      const sub = await server.deps.queue.consume('model_training.quilt.dead', async (d) => {
        dead.push((d.envelope.payload as { styleId: string }).styleId);
      });
      await waitFor(async () => dead.includes(styleId), 10_000);
      await sub.cancel();
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
