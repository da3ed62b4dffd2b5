/**
 * Data for the API throughput benchmark, shaped like a live catalogue: artists with ready styles that went
 * through one successful training run (a job, version 1, a thumbnail and signed samples in the store),
 * tagged from a shared vocabulary; and signed-in buyers, each with a funded wallet, notifications (some
 * unread) and a web session. Rows are written directly (training and sign-in have their own tests).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import type { ObjectStorage } from '@style-license/platform/storage';
import { NOTIFICATION_TYPES, trainingKeys } from '@style-license/shared';
import { createSession } from '../src/domains/auth/sessions';
import { setStyleTags } from '../src/domains/styles/tags';
import { creditPurchase } from '../src/domains/tokens/ledger';

/** The bare routes' stand-in for a session: the benchmark names the user a session would have given. */
export const BENCH_USER_HEADER = 'x-bench-user';

export const SEARCH_TAGS = ['watercolor', 'ink', 'portrait', 'landscape', 'character', 'pastel'];
const MORE_TAGS = ['neon', 'flat', 'gouache', 'sketch', 'anime', 'oil', 'pixel', 'noir', 'botanical'];
const VOCABULARY = [...SEARCH_TAGS, ...MORE_TAGS];
const SAMPLES_PER_STYLE = 4;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Inserts in slices, each one statement well under PostgreSQL's parameter limit. */
const SLICE = 500;

async function inSlices<T>(rows: T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += SLICE) await write(rows.slice(i, i + SLICE));
}

/** `count` ready styles by `artists` artists; returns their ids, newest first. */
export async function seedStyles(
  db: Db,
  storage: ObjectStorage,
  { styles: count, artists }: { styles: number; artists: number },
): Promise<string[]> {
  const artistRows = await db
    .insert(schema.users)
    .values(
      Array.from({ length: artists }, (_, i) => ({
        googleSub: `bench-artist-${i}`,
        email: `artist-${i}@bench.test`,
        displayName: `Bench Artist ${i}`,
        role: 'artist' as const,
      })),
    )
    .returning({ id: schema.users.id });
  const now = Date.now();
  const styles = await db
    .insert(schema.styles)
    .values(
      Array.from({ length: count }, (_, i) => ({
        artistId: artistRows[i % artists]!.id,
        name: `Bench style ${i}`,
        description: 'A style made for the API benchmark.',
        priceTokens: 1 + (i % 40),
        // Spread over three months, so the newest-first page is a real sort, not insertion order.
        createdAt: new Date(now - ((i * 7919) % 90) * DAY_MS - i * 1000),
      })),
    )
    .returning({ id: schema.styles.id });
  const jobs = styles.map(({ id }) => ({ styleId: id, jobId: randomUUID() }));
  await inSlices(jobs, (slice) =>
    db.insert(schema.trainingJobs).values(
      slice.map(({ styleId, jobId }) => ({
        id: jobId,
        styleId,
        status: 'succeeded' as const,
        engine: 'quilt' as const,
        progress: 100,
        artifactKey: trainingKeys(styleId, jobId).artifact('quilt'),
        finishedAt: new Date(now - DAY_MS),
      })),
    ),
  );
  await inSlices(jobs, (slice) =>
    db.insert(schema.styleVersions).values(
      slice.map(({ styleId, jobId }) => ({
        styleId,
        version: 1,
        trainingJobId: jobId,
        engine: 'quilt' as const,
        artifactKey: trainingKeys(styleId, jobId).artifact('quilt'),
      })),
    ),
  );
  for (const [i, { styleId, jobId }] of jobs.entries()) {
    const keys = trainingKeys(styleId, jobId);
    // Three of the vocabulary's tags per style, in a pattern that gives each search tag dozens of styles.
    const tags = [0, 5, 11].map((offset) => VOCABULARY[(i + offset) % VOCABULARY.length]!);
    await setStyleTags(db, styleId, [...new Set(tags)]);
    for (let n = 0; n < SAMPLES_PER_STYLE; n++)
      await storage.put(keys.sample(n), new Uint8Array([n]), { contentType: 'image/webp' });
  }
  // Ready last, as training does: only a style with a version can be on sale.
  for (const [i, { styleId, jobId }] of jobs.entries()) {
    await db
      .update(schema.styles)
      .set({
        status: 'ready',
        currentVersion: 1,
        progress: 100,
        thumbnailKey: trainingKeys(styleId, jobId).sample(0),
        trainedAt: new Date(now - DAY_MS),
        generationCount: (i * 37) % 500,
      })
      .where(eq(schema.styles.id, styleId));
  }
  return styles.map((s) => s.id);
}

export interface BenchBuyer {
  userId: string;
  /** The web session cookie's value. */
  token: string;
}

/** `count` signed-in buyers with 500 tokens and 30 notifications each, 10 of them unread. */
export async function seedBuyers(db: Db, count: number): Promise<BenchBuyer[]> {
  const users = await db
    .insert(schema.users)
    .values(
      Array.from({ length: count }, (_, i) => ({
        googleSub: `bench-buyer-${i}`,
        email: `buyer-${i}@bench.test`,
        displayName: `Bench Buyer ${i}`,
      })),
    )
    .returning({ id: schema.users.id });
  await db.insert(schema.wallets).values(users.map(({ id }) => ({ userId: id })));
  const buyers: BenchBuyer[] = [];
  for (const { id } of users) {
    // Funded through the ledger itself, so the books stay true (balance = sum of entries).
    await creditPurchase(db, { userId: id, amount: 500, purchaseId: randomUUID() });
    const { token } = await createSession(db, { userId: id, kind: 'web', ttlDays: 14 });
    buyers.push({ userId: id, token });
  }
  const notifications = users.flatMap(({ id }) =>
    Array.from({ length: 30 }, (_, n) => ({
      userId: id,
      type: NOTIFICATION_TYPES[n % NOTIFICATION_TYPES.length]!,
      payload: { n },
      read: n >= 10,
      createdAt: new Date(Date.now() - n * 60_000),
    })),
  );
  await inSlices(notifications, (slice) => db.insert(schema.notifications).values(slice));
  return buyers;
}
