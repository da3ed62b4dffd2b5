/**
 * Demo content for `npm start` (issue 12): on an empty database, the artists of content.ts apply with
 * their signatures, create their styles, upload training images and submit them, all through the same
 * service functions and input schemas as the tRPC procedures, so the outbox, the queue and the worker's
 * engine really train them; once a style is ready, a demo buyer buys a few images in it, charged, signed
 * and licensed like anyone's. Every user it makes is marked `is_demo`.
 *
 * Crash-safe by construction: each run looks up what an earlier one made (by the fixed keys of content.ts)
 * and does only what is missing: an artist without a profile applies, a style without all its images gets
 * the missing ones, a draft (or failed) style is submitted, a ready style gets the purchases it lacks (a
 * purchase replayed under its idempotency key returns the first one, charged once). A job already
 * submitted is the queue's business (the in-process queue republishes after a restart).
 *
 * It adds demo content only to a database it seeded itself: empty when it first ran (db seedDemoData
 * then makes the demo buyer), or holding demo users from such a run. Never in production (DEMO_CONTENT).
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { schema, seedDemoData, type Db } from '@style-license/db';
import {
  AppError,
  applyAsArtistSchema,
  confirmUploadsSchema,
  createGenerationSchema,
  createStyleSchema,
  requestUploadsSchema,
  type StyleStatus,
} from '@style-license/shared';
import type { ServerDeps } from '../deps';
import { applyAsArtist, findArtistProfile } from '../domains/artists/service';
import { createGeneration } from '../domains/generation/service';
import { createStyle } from '../domains/styles/service';
import { applyMovement } from '../domains/tokens/ledger';
import { submitForTraining } from '../domains/training/submit';
import { readUploadToken } from '../domains/training/upload-tokens';
import { confirmUploads, requestUploads } from '../domains/training/uploads';
import {
  DEMO_ARTISTS,
  DEMO_BUYER,
  demoArtistSub,
  demoGenerationKey,
  demoGenerationSeed,
  demoImageName,
  subjectAt,
  type DemoArtist,
  type DemoArtworks,
} from './content';
import { seedDemoCommunity } from './community';
import { drawSignature } from './signature';

const { artistProfiles, generations, styles, trainingImages, users, wallets } = schema;

/** Where a run is: `onStep` is called after each, so a test can stop a run there as a crash would. */
export type DemoStep = 'artist' | 'style' | 'images' | 'submitted' | 'generation' | 'community';

export interface DemoOptions {
  artworks: DemoArtworks;
  /** Training images per style (10–20: one upload batch). */
  imagesPerStyle?: number;
  /** Side of each training image in pixels (at least 512, the training minimum). */
  imageSize?: number;
  generationsPerStyle?: number;
  /** How long to wait for a style's training before leaving its purchases to the next start. */
  readyTimeoutMs?: number;
  signal?: AbortSignal;
  onStep?: (step: DemoStep, artist: DemoArtist) => void | Promise<void>;
}

export interface DemoStyleReport {
  slug: string;
  artistId: string;
  styleId: string;
  status: StyleStatus;
  generationIds: string[];
}

export interface DemoReport {
  /** `disabled`: DEMO_CONTENT is off; `not_demo_database`: real users and no demo ones, left alone. */
  outcome: 'done' | 'disabled' | 'not_demo_database';
  /** Whether this run found the database empty and seeded the base demo data (users, tags). */
  seeded: boolean;
  styles: DemoStyleReport[];
}

type Deps = ServerDeps;
type Settings = Required<Omit<DemoOptions, 'signal' | 'onStep'>> & Pick<DemoOptions, 'signal' | 'onStep'>;

const POLL_MS = 500;

/** A made-up user (marked demo) with a wallet, found again by `googleSub` on later runs. */
async function ensureDemoUser(db: Db, who: { googleSub: string; email: string; displayName: string }) {
  await db
    .insert(users)
    .values({ ...who, isDemo: true })
    .onConflictDoNothing({ target: users.googleSub });
  const [user] = await db.select().from(users).where(eq(users.googleSub, who.googleSub));
  if (!user?.isDemo) throw new Error(`demo content: ${who.googleSub} belongs to a real user`);
  await db.insert(wallets).values({ userId: user.id }).onConflictDoNothing();
  return user;
}

async function hasDemoUsers(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.isDemo, true)).limit(1);
  return row !== undefined;
}

/**
 * The buyer's tokens, through the ledger like any credit: one `adjustment` entry under a fixed key, so
 * however many runs there are the buyer is granted once.
 */
async function grantBuyerTokens(db: Db, buyerId: string, amount: number) {
  await applyMovement(db, {
    userId: buyerId,
    delta: amount,
    kind: 'adjustment',
    ref: { type: 'adjustment', id: buyerId },
    key: `demo-grant:${buyerId}`,
    note: 'demo tokens',
  });
}

async function becomeArtist(deps: Deps, artist: DemoArtist) {
  const db = deps.database.db;
  const user = await ensureDemoUser(db, {
    googleSub: demoArtistSub(artist),
    email: artist.contactEmail,
    displayName: artist.displayName,
  });
  if (!(await findArtistProfile(db, user.id))) {
    const signature = await drawSignature(artist.displayName);
    const input = applyAsArtistSchema.parse({
      contactEmail: artist.contactEmail,
      signature: { fileName: 'signature.png', dataBase64: signature.toString('base64') },
    });
    await applyAsArtist(deps, user, input);
  }
  // No procedure edits a bio yet; written apart from the application, so a crash between is mended here.
  await db
    .update(artistProfiles)
    .set({ bio: artist.bio })
    .where(and(eq(artistProfiles.userId, user.id), isNull(artistProfiles.bio)));
  return user;
}

async function findStyle(db: Db, artistId: string, name: string) {
  const [row] = await db
    .select()
    .from(styles)
    .where(and(eq(styles.artistId, artistId), eq(styles.name, name)));
  return row;
}

/** requestUploads → the bytes into object storage under each link's key → confirmUploads. */
async function uploadMissingImages(
  deps: Deps,
  artist: DemoArtist,
  artistId: string,
  styleId: string,
  s: Settings,
) {
  const db = deps.database.db;
  const recorded = await db
    .select({ name: trainingImages.originalName })
    .from(trainingImages)
    .where(eq(trainingImages.styleId, styleId));
  const have = new Set(recorded.map((row) => row.name));
  const missing = Array.from({ length: s.imagesPerStyle }, (_, i) => i).filter(
    (i) => !have.has(demoImageName(artist, i)),
  );
  if (missing.length === 0) return;
  const files = await Promise.all(
    missing.map(async (i) => ({
      fileName: demoImageName(artist, i),
      data: await s.artworks(artist.look, i, s.imageSize),
      tags: [subjectAt(i), artist.mediumTag],
    })),
  );
  const requested = await requestUploads(
    deps,
    artistId,
    requestUploadsSchema.parse({
      styleId,
      files: files.map((f) => ({
        fileName: f.fileName,
        byteSize: f.data.length,
        sha256: createHash('sha256').update(f.data).digest('hex'),
      })),
    }),
  );
  // What a browser's PUT to the presigned link does, without a round trip through PUBLIC_URL (which a
  // server behind a proxy may not reach): the key is the one the signed upload token grants.
  await Promise.all(
    requested.uploads.map(async (upload, i) => {
      const { key } = readUploadToken(deps.config.STORAGE_SIGNING_SECRET, upload.uploadToken, styleId);
      await deps.storage.put(key, files[i]!.data, { contentType: 'image/png' });
    }),
  );
  const { results } = await confirmUploads(
    deps,
    artistId,
    confirmUploadsSchema.parse({
      styleId,
      uploads: requested.uploads.map((upload, i) => ({
        uploadToken: upload.uploadToken,
        tags: files[i]!.tags,
      })),
    }),
  );
  // A duplicate is an image an interrupted earlier run recorded after all: already there, which is the aim.
  const refused = results.filter((r) => r.status === 'rejected' && r.error.rule !== 'duplicate');
  if (refused.length > 0)
    throw new Error(`demo content: training images refused: ${JSON.stringify(refused)}`);
}

/** The artist, their style and its images, submitted for training unless an earlier run did. */
async function prepareStyle(deps: Deps, artist: DemoArtist, s: Settings) {
  const db = deps.database.db;
  const step = async (name: DemoStep) => {
    s.signal?.throwIfAborted();
    await s.onStep?.(name, artist);
  };
  const user = await becomeArtist(deps, artist);
  await step('artist');
  let style = await findStyle(db, user.id, artist.style.name);
  if (!style) {
    await createStyle(deps, user.id, createStyleSchema.parse(artist.style));
    style = (await findStyle(db, user.id, artist.style.name))!;
    await step('style');
  }
  if (style.status === 'draft' || style.status === 'failed') {
    await uploadMissingImages(deps, artist, user.id, style.id, s);
    await step('images');
    // The demo artists' works are drawn for them (gpu-worker's synthetic artworks): the demo attests.
    await submitForTraining(deps, user.id, style.id, {
      rightsAttested: true,
      ip: null,
      userAgent: 'demo content',
    });
    await step('submitted');
  }
  return { artist, artistId: user.id, styleId: style.id };
}

async function sleep(ms: number, signal?: AbortSignal) {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
  signal?.throwIfAborted();
}

/** The style once training has settled it (ready or failed), or as it is when the wait runs out. */
async function settled(db: Db, styleId: string, s: Settings) {
  const end = Date.now() + s.readyTimeoutMs;
  for (;;) {
    const [style] = await db.select().from(styles).where(eq(styles.id, styleId));
    if (!style) throw new Error(`demo content: style ${styleId} vanished`);
    if (style.status !== 'queued' && style.status !== 'training') return style;
    if (Date.now() > end) return style;
    await sleep(POLL_MS, s.signal);
  }
}

/** Waits (up to the ready timeout) until none of the images is queued or running any more. */
async function imagesSettled(db: Db, ids: string[], s: Settings) {
  const end = Date.now() + s.readyTimeoutMs;
  while (ids.length > 0 && Date.now() < end) {
    const waiting = await db
      .select({ id: generations.id })
      .from(generations)
      .where(and(inArray(generations.id, ids), inArray(generations.status, ['queued', 'running'])))
      .limit(1);
    if (waiting.length === 0) return;
    await sleep(POLL_MS, s.signal);
  }
}

/** The demo buyer's purchases in a ready style, each under its fixed idempotency key. */
async function buyImages(
  deps: Deps,
  buyerId: string,
  prepared: { artist: DemoArtist; artistId: string; styleId: string },
  s: Settings,
): Promise<DemoStyleReport> {
  const { artist, artistId, styleId } = prepared;
  const style = await settled(deps.database.db, styleId, s);
  const report = {
    slug: artist.slug,
    artistId,
    styleId,
    status: style.status,
    generationIds: [] as string[],
  };
  if (style.status !== 'ready') {
    deps.logger.warn({ styleId, status: style.status }, 'demo style not ready; the next start tries again');
    return report;
  }
  for (let n = 0; n < s.generationsPerStyle; n++) {
    const prompt = artist.prompts[n % artist.prompts.length]!;
    const input = createGenerationSchema.parse({
      styleId,
      expectedPriceTokens: style.priceTokens,
      promptTags: prompt.tags,
      text: prompt.text,
      seed: demoGenerationSeed(n),
      idempotencyKey: demoGenerationKey(artist, n),
    });
    try {
      report.generationIds.push((await createGeneration(deps, buyerId, input)).id);
    } catch (error) {
      // Someone repriced the demo style, or spent the demo buyer's tokens: a demo, not worth a failure.
      if (!(error instanceof AppError) || !['CONFLICT', 'INSUFFICIENT_CREDITS'].includes(error.code))
        throw error;
      deps.logger.warn({ styleId, code: error.code }, 'demo generation not bought');
      continue;
    }
    s.signal?.throwIfAborted();
    await s.onStep?.('generation', artist);
  }
  return report;
}

export async function seedDemoContent(deps: Deps, options: DemoOptions): Promise<DemoReport> {
  const s: Settings = {
    imagesPerStyle: 12,
    imageSize: 768,
    generationsPerStyle: 3,
    readyTimeoutMs: 15 * 60_000,
    ...options,
  };
  if (!deps.config.DEMO_CONTENT) return { outcome: 'disabled', seeded: false, styles: [] };
  const db = deps.database.db;
  const { seeded } = await seedDemoData(db);
  if (!seeded && !(await hasDemoUsers(db))) return { outcome: 'not_demo_database', seeded, styles: [] };

  const buyer = await ensureDemoUser(db, DEMO_BUYER);
  const cost = DEMO_ARTISTS.reduce((sum, a) => sum + a.style.priceTokens * s.generationsPerStyle, 0);
  await grantBuyerTokens(db, buyer.id, Math.max(100, cost));
  // Every style is submitted before any is waited for, so the worker trains one while the next uploads.
  const prepared = [];
  for (const artist of DEMO_ARTISTS) prepared.push(await prepareStyle(deps, artist, s));
  const reports = [];
  for (const style of prepared) reports.push(await buyImages(deps, buyer.id, style, s));
  await imagesSettled(
    db,
    reports.flatMap((r) => r.generationIds),
    s,
  );
  await seedDemoCommunity(
    db,
    buyer.id,
    reports.map((r) => ({ artist: DEMO_ARTISTS.find((a) => a.slug === r.slug)!, ...r })),
  );
  await s.onStep?.('community', DEMO_ARTISTS[0]!);
  return { outcome: 'done', seeded, styles: reports };
}

export interface DemoRun {
  /** The report, or null when the run stopped or failed (logged; the next start finishes it). */
  done: Promise<DemoReport | null>;
  stop(): Promise<void>;
}

/** Runs the seed in the background: the product is usable at once, demo styles appear as they train. */
export function startDemoContent(deps: Deps, options: Omit<DemoOptions, 'signal'>): DemoRun {
  const controller = new AbortController();
  const done = seedDemoContent(deps, { ...options, signal: controller.signal }).then(
    (report) => {
      if (report.outcome === 'done') {
        deps.logger.info(
          { styles: report.styles.map((r) => ({ style: r.slug, status: r.status })) },
          'demo content ready',
        );
      }
      return report;
    },
    (error: unknown) => {
      if (controller.signal.aborted) deps.logger.info('demo content stopped; the next start finishes it');
      else deps.logger.warn({ err: error }, 'demo content not finished; the next start finishes it');
      return null;
    },
  );
  return {
    done,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}
