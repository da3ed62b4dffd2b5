/**
 * The feed's pages stay correct while images are published: walking 1,000 public images (many sharing a
 * publication time, some a microsecond apart) page by page while 100 others are published concurrently
 * shows none twice, misses none of the 1,000, and keeps newest first (ties broken by id). A cursor the
 * server did not make is VALIDATION_FAILED, never a database error.
 */
import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { readyStyle } from './generation-support';
import {
  caller,
  communityApp,
  expectError,
  ok,
  seedImages,
  walkFeed,
  type Call,
  type CommunityApp,
  type FeedItemSeen,
} from './community-support';
import { signInAs } from './support';

const { generations } = schema;

/**
 * Groups of 7 images share one publication time; groups come in pairs a microsecond apart (a cursor
 * rounded to milliseconds would skip or repeat them), pairs 840 ms apart, starting 30 s from now: the
 * images published during the walk (at "now") land in the middle of the range being walked.
 */
const tiedTimes = (from: string) =>
  sql`${from}::timestamptz - ((i / 7) / 2) * interval '840 milliseconds' - ((i / 7) % 2) * interval '1 microsecond'`;

describe('feed paging while images are published', () => {
  let community: CommunityApp;
  beforeAll(async () => {
    community = await communityApp();
  });
  afterAll(async () => {
    await community?.close();
  });

  /** Publication keys at full precision, for checking the order the feed gave. */
  async function keysOf(ids: string[]) {
    const rows = await community.deps.database.db
      .select({
        id: generations.id,
        visibility: generations.visibility,
        us: sql<string>`to_char(${generations.publishedAt} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`,
      })
      .from(generations)
      .where(inArray(generations.id, ids));
    return new Map(rows.map((r) => [r.id, r]));
  }

  it('walks 1,000 public images once each, newest first, while 100 more are published concurrently', async () => {
    const { deps, app } = community;
    const db = deps.database.db;
    const { style: first } = await readyStyle(deps);
    const { style: second } = await readyStyle(deps);
    const owner = await signInAs(deps);
    const start = (await db.execute(sql`SELECT (now() + interval '30 seconds')::text AS t`)) as unknown as {
      rows: { t: string }[];
    };
    const from = start.rows[0]!.t;
    const seeded = [
      ...(await seedImages(db, {
        ownerId: owner.user.id,
        styleId: first.id,
        count: 600,
        publishedAt: tiedTimes(from),
      })),
      ...(await seedImages(db, {
        ownerId: owner.user.id,
        styleId: second.id,
        count: 400,
        publishedAt: tiedTimes(from),
      })),
    ];
    // Private images among them, which no page may show.
    await seedImages(db, { ownerId: owner.user.id, styleId: first.id, count: 50, visibility: 'private' });
    // The 100 to publish during the walk: finished, private, by ten owners through the API.
    const publishers = await Promise.all(Array.from({ length: 10 }, () => signInAs(deps)));
    const toPublish = (
      await Promise.all(
        publishers.map(async (p, n) =>
          (
            await seedImages(db, {
              ownerId: p.user.id,
              styleId: n % 2 ? first.id : second.id,
              count: 10,
              visibility: 'private',
            })
          ).map((id) => ({ id, by: caller(app, p.browser) })),
        ),
      )
    ).flat();

    const reader = caller(app, (await signInAs(deps)).browser);
    const publishing: Promise<Call>[] = [];
    const seen: FeedItemSeen[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      // Five publications start with each page read and run alongside it.
      for (const image of toPublish.splice(0, 5))
        publishing.push(image.by.mutate('gallery.update', { generationId: image.id, visibility: 'public' }));
      const page = ok<{ items: FeedItemSeen[]; nextCursor: string | null }>(
        await reader.query('gallery.feed', { limit: 50, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    for (const image of toPublish.splice(0))
      publishing.push(image.by.mutate('gallery.update', { generationId: image.id, visibility: 'public' }));
    const published = await Promise.all(publishing);
    expect(published.map((r) => r.error?.data.code ?? 'ok')).toEqual(Array(100).fill('ok'));

    expect(pages).toBeGreaterThanOrEqual(20);
    const ids = seen.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seenSet = new Set(ids);
    expect(seeded.filter((id) => !seenSet.has(id))).toEqual([]);

    // Newest first by (published_at, id) at the database's full precision, and only public images.
    const keys = await keysOf(ids);
    expect([...keys.values()].filter((k) => k.visibility !== 'public')).toEqual([]);
    let ties = 0;
    for (let n = 1; n < ids.length; n++) {
      const before = keys.get(ids[n - 1]!)!;
      const after = keys.get(ids[n]!)!;
      if (before.us === after.us) ties += 1;
      expect(
        before.us > after.us || (before.us === after.us && before.id > after.id),
        `${before.us} ${before.id} then ${after.us} ${after.id}`,
      ).toBe(true);
    }
    expect(ties).toBeGreaterThan(500);

    // A walk after the publishing sees exactly the 1,100 public images.
    const again = await walkFeed(reader);
    expect(again).toHaveLength(1100);
    expect(new Set(again.map((i) => i.id)).size).toBe(1100);
  });

  it.each([
    ['not base64 JSON', 'garbage'],
    ['30 February', { p: '2026-02-30T00:00:00.000000Z', i: randomUUID() }],
    // Valid to JavaScript (1 BC), out of range to PostgreSQL: once a 500 from the failed cast.
    ['year 0000', { p: '0000-01-01T00:00:00.000000Z', i: randomUUID() }],
    ['milliseconds only', { p: '2026-02-01T00:00:00.000Z', i: randomUUID() }],
    ['no id', { p: '2026-02-01T00:00:00.000000Z' }],
  ])('refuses a forged cursor (%s) with VALIDATION_FAILED, not INTERNAL', async (_name, cursor) => {
    const text =
      typeof cursor === 'string' ? cursor : Buffer.from(JSON.stringify(cursor)).toString('base64url');
    expectError(
      await caller(community.app).query('gallery.feed', { cursor: text }),
      'VALIDATION_FAILED',
      'invalid_cursor',
    );
  });
});
