// The demo content of `npm start` (issue 12), on PostgreSQL, RabbitMQ, the S3-compatible server and the
// real worker: what an empty database gets, what a run that died half-way leaves for the next, that a
// second run adds nothing, the `demo` flag of the styles API, and that production refuses it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, eq, inArray } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { chiSquareDistance, colourHistogram, makeArtwork } from '@style-license/gpu-worker/testing';
import { ConfigError } from '@style-license/platform/config';
import { loadServerConfig } from '../src/config';
import { DEMO_ARTISTS } from '../src/demo/content';
import { seedDemoContent, type DemoOptions } from '../src/demo/seed';
import { notVisibleReason } from '../src/domains/artists/signature-visibility';
import { auditLedger, balanceOf } from '../src/domains/tokens/ledger';
import { readyStyle } from './generation-support';
import { realServicesEnv, signInAs, startTestServer, startTestWorker, waitFor } from './support';
import { trpcCall } from './training-support';
import { productionKeys } from './production-keys';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const {
  comments,
  follows,
  generations,
  licenses,
  likes,
  notifications,
  styles,
  tokenLedger,
  trainingImages,
  trainingJobs,
  users,
} = schema;

/** Small and few, to keep the test quick: the training minimum of 10 images at 512 px, 2 purchases. */
const options: DemoOptions = {
  artworks: (look, index, size) => makeArtwork(look, index, { size }),
  imagesPerStyle: 10,
  imageSize: 512,
  generationsPerStyle: 2,
  readyTimeoutMs: 120_000,
};
const crash = new Error('simulated crash');

describe('demo content', () => {
  const env = realServicesEnv();
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    server = await startTestServer({ ...env, OUTBOX_POLL_MS: '50', DEMO_CONTENT: 'true' });
    worker = await startTestWorker(env);
  });
  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
  });

  const demoStyles = () =>
    server.db
      .select({ style: styles, artist: users })
      .from(styles)
      .innerJoin(users, eq(users.id, styles.artistId))
      .where(eq(users.isDemo, true));
  const rowsIn = async (table: PgTable) => (await server.db.select({ n: count() }).from(table))[0]!.n;
  const everything = async () => ({
    users: await rowsIn(users),
    styles: await rowsIn(styles),
    images: await rowsIn(trainingImages),
    jobs: await rowsIn(trainingJobs),
    generations: await rowsIn(generations),
    ledger: await rowsIn(tokenLedger),
    likes: await rowsIn(likes),
    comments: await rowsIn(comments),
    follows: await rowsIn(follows),
    notifications: await rowsIn(notifications),
  });

  it('a run that dies half-way leaves one style submitted, one with its images, and nothing beyond', async () => {
    const [first, second, third] = DEMO_ARTISTS;
    await expect(
      seedDemoContent(server.deps, {
        ...options,
        onStep: (step, artist) => {
          if (step === 'images' && artist.slug === second!.slug) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const made = await demoStyles();
    const statusOf = (name: string) => made.find((r) => r.style.name === name)?.style.status;
    expect(statusOf(first!.style.name)).toMatch(/^(queued|training|ready)$/);
    expect(statusOf(second!.style.name)).toBe('draft');
    expect(statusOf(third!.style.name)).toBeUndefined();
    const secondId = made.find((r) => r.style.name === second!.style.name)!.style.id;
    expect(
      await server.db.select().from(trainingImages).where(eq(trainingImages.styleId, secondId)),
    ).toHaveLength(10);
  }, 60_000);

  it('the next start finishes it: artists with signatures, styles trained by the worker, signed samples, licensed demo generations', async () => {
    // A second run dies after its first purchase; the third one must not buy that image again.
    await expect(
      seedDemoContent(server.deps, {
        ...options,
        onStep: (step) => {
          if (step === 'generation') throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const report = await seedDemoContent(server.deps, options);
    expect(report.outcome).toBe('done');
    expect(report.styles).toHaveLength(DEMO_ARTISTS.length);
    expect(DEMO_ARTISTS.length).toBeGreaterThanOrEqual(3);

    for (const style of report.styles) {
      expect(style.status).toBe('ready');
      expect(style.generationIds).toHaveLength(2);
      const [artist] = await server.db.select().from(users).where(eq(users.id, style.artistId));
      expect(artist).toMatchObject({ role: 'artist', isDemo: true });
      const [profile] = await server.db
        .select()
        .from(schema.artistProfiles)
        .where(eq(schema.artistProfiles.userId, style.artistId));
      expect(profile!.bio).toBeTruthy();
      const signature = await worker.storage.get(profile!.signatureKey);
      const { data, info } = await sharp(signature).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(notVisibleReason({ data, width: info.width, height: info.height })).toBeNull();

      expect(
        await server.db.select().from(trainingImages).where(eq(trainingImages.styleId, style.styleId)),
      ).toHaveLength(10);
      const jobs = await server.db.select().from(trainingJobs).where(eq(trainingJobs.styleId, style.styleId));
      expect(jobs.map((j) => j.status)).toEqual(['succeeded']);
      const detail = await trpcCall(server.base, 'styles.get', {}, { styleId: style.styleId });
      expect(detail.data).toMatchObject({ status: 'ready', demo: true });
      expect(detail.data.sampleUrls.length).toBeGreaterThan(0);
    }
    // Distinct looks: the styles' thumbnails (signed samples) differ in colour from each other.
    const thumbnails = await Promise.all(
      report.styles.map(async (s) => {
        const [row] = await server.db.select().from(styles).where(eq(styles.id, s.styleId));
        return colourHistogram(await worker.storage.get(row!.thumbnailKey!));
      }),
    );
    for (const [i, a] of thumbnails.entries()) {
      for (const b of thumbnails.slice(i + 1)) expect(chiSquareDistance(a, b)).toBeGreaterThan(0.3);
    }

    const ids = report.styles.flatMap((s) => s.generationIds);
    const done = await waitFor(
      async () => {
        const rows = await server.db.select().from(generations).where(inArray(generations.id, ids));
        return rows.every((r) => r.status === 'succeeded') ? rows : null;
      },
      120_000,
      'demo generations',
    );
    expect(done).toHaveLength(ids.length);
    const issued = await server.db.select().from(licenses).where(inArray(licenses.generationId, ids));
    expect(issued).toHaveLength(ids.length);
    const [buyer] = await server.db.select().from(users).where(eq(users.googleSub, 'demo-buyer'));
    expect(buyer!.isDemo).toBe(true);
    // Every generation the buyer has is one of these: the purchase the crashed run made was replayed.
    expect(await server.db.select().from(generations).where(eq(generations.ownerId, buyer!.id))).toHaveLength(
      ids.length,
    );
    const spent = DEMO_ARTISTS.reduce((sum, a) => sum + a.style.priceTokens * 2, 0);
    expect(await balanceOf(server.db, buyer!.id)).toBe(100 - spent);
    expect(await auditLedger(server.db)).toEqual([]);

    // The community: every image public with its description, liked by the two other artists, the first in
    // each style commented on by them, the buyer following every artist and told of each like and comment.
    const feed = await trpcCall(server.base, 'gallery.feed', {}, { limit: 50 });
    const items = feed.data.items as {
      id: string;
      description: string;
      likeCount: number;
      commentCount: number;
      demo: boolean;
    }[];
    expect(items.map((i) => i.id).sort()).toEqual([...ids].sort());
    for (const item of items) {
      expect(item).toMatchObject({ likeCount: DEMO_ARTISTS.length - 1, demo: true });
      expect(item.description).toBeTruthy();
    }
    const commented = items.filter((i) => i.commentCount === DEMO_ARTISTS.length - 1);
    expect(commented).toHaveLength(DEMO_ARTISTS.length);
    expect(await server.db.select().from(follows).where(eq(follows.followerId, buyer!.id))).toHaveLength(
      DEMO_ARTISTS.length,
    );
    const told = await server.db.select().from(notifications).where(eq(notifications.userId, buyer!.id));
    expect(told.filter((n) => n.type === 'image_liked')).toHaveLength(ids.length * (DEMO_ARTISTS.length - 1));
    expect(told.filter((n) => n.type === 'image_commented')).toHaveLength(
      DEMO_ARTISTS.length * (DEMO_ARTISTS.length - 1),
    );
  }, 240_000);

  it('running it again adds nothing', async () => {
    const before = await everything();
    const report = await seedDemoContent(server.deps, options);
    expect(report.outcome).toBe('done');
    expect(await everything()).toEqual(before);
  }, 60_000);

  it('styles.search and styles.get say which styles are demo ones', async () => {
    const real = await readyStyle(server.deps);
    const found = await trpcCall(server.base, 'styles.search', {}, { limit: 50 });
    expect(found.status).toBe(200);
    const items = found.data.items as { id: string; name: string; demo: boolean }[];
    const demoNames = DEMO_ARTISTS.map((a) => a.style.name);
    expect(
      items
        .filter((i) => i.demo)
        .map((i) => i.name)
        .sort(),
    ).toEqual([...demoNames].sort());
    expect(items.find((i) => i.id === real.style.id)?.demo).toBe(false);
    const detail = await trpcCall(server.base, 'styles.get', {}, { styleId: real.style.id });
    expect(detail.data.demo).toBe(false);
  }, 30_000);
});

describe('demo content is opt-in', () => {
  it('is off in tests unless asked, and leaves a database with real users (and no demo ones) alone', async () => {
    const server = await startTestServer();
    try {
      expect(server.deps.config.DEMO_CONTENT).toBe(false);
      expect(await seedDemoContent(server.deps, options)).toMatchObject({ outcome: 'disabled' });
      const asked = { ...server.deps, config: { ...server.deps.config, DEMO_CONTENT: true } };
      await signInAs(server.deps);
      expect(await seedDemoContent(asked, options)).toMatchObject({ outcome: 'not_demo_database' });
      const all = await server.db.select().from(users);
      expect(all.map((u) => u.isDemo)).toEqual([false]);
    } finally {
      await server.stop();
    }
  });

  it('defaults to on in development only, and production refuses it, naming DEMO_CONTENT', async () => {
    expect(loadServerConfig({ NODE_ENV: 'development' }).DEMO_CONTENT).toBe(true);
    expect(loadServerConfig({ NODE_ENV: 'development', DEMO_CONTENT: 'false' }).DEMO_CONTENT).toBe(false);
    expect(loadServerConfig({ NODE_ENV: 'test' }).DEMO_CONTENT).toBe(false);
    const production = {
      NODE_ENV: 'production',
      SINGLE_HOST: 'true',
      GOOGLE_CLIENT_ID: 'id',
      GOOGLE_CLIENT_SECRET: 's',
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      STORAGE_SIGNING_SECRET: 'a-production-secret-of-our-own',
      ...(await productionKeys()),
    };
    expect(loadServerConfig(production).DEMO_CONTENT).toBe(false);
    expect(() => loadServerConfig({ ...production, DEMO_CONTENT: 'true' })).toThrow(ConfigError);
    expect(() => loadServerConfig({ ...production, DEMO_CONTENT: 'maybe' })).toThrow(/DEMO_CONTENT: /);
    try {
      loadServerConfig({ ...production, DEMO_CONTENT: 'true' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^DEMO_CONTENT: /)]);
    }

    // `npm start`'s launcher stops at once with the configuration exit code.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/run-product.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...production, DEMO_CONTENT: 'true', DATABASE_URL: 'pglite:memory' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('DEMO_CONTENT: ');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});
