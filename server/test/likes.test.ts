/**
 * Likes are exact under concurrency and idempotent: 100 people liking one image at once make 100 likes
 * and a count of 100 (each answer a different count, as they were applied one after another); all of
 * them unliking at once leave 0. Liking twice is one like, unliking twice none. A private or missing
 * image is NOT_FOUND for a like or an unlike, and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import type { LikeState } from '@style-license/shared';
import { readyStyle } from './generation-support';
import {
  caller,
  communityApp,
  expectError,
  ok,
  refusal,
  seedImage,
  walkFeed,
  type Caller,
  type CommunityApp,
} from './community-support';
import { signInAs } from './support';

const { generations, likes, notifications } = schema;

describe('likes', () => {
  let community: CommunityApp;
  let image: (visibility?: 'public' | 'private') => Promise<string>;
  let owner: Caller;

  beforeAll(async () => {
    community = await communityApp();
    const { deps, app } = community;
    const { style } = await readyStyle(deps);
    const ownerSession = await signInAs(deps);
    owner = caller(app, ownerSession.browser);
    image = (visibility = 'public') =>
      seedImage(deps.database.db, { ownerId: ownerSession.user.id, styleId: style.id, visibility });
  });
  afterAll(async () => {
    await community?.close();
  });

  const db = () => community.deps.database.db;
  async function counted(generationId: string) {
    const [row] = await db()
      .select({ likeCount: generations.likeCount })
      .from(generations)
      .where(eq(generations.id, generationId));
    const [rows] = await db().select({ n: count() }).from(likes).where(eq(likes.generationId, generationId));
    return { likeCount: row!.likeCount, rows: rows!.n };
  }
  const people = (n: number) =>
    Promise.all(
      Array.from({ length: n }, async () => caller(community.app, (await signInAs(community.deps)).browser)),
    );

  it('counts exactly 100 after 100 concurrent likes, and 0 after 100 concurrent unlikes', async () => {
    const id = await image();
    const crowd = await people(100);
    const liked = await Promise.all(crowd.map((who) => who.mutate('likes.add', { generationId: id })));
    const states = liked.map((res) => ok<LikeState>(res));
    expect(states.every((s) => s.liked)).toBe(true);
    // Applied one after another: each like saw a different count, 1 to 100.
    expect(states.map((s) => s.likeCount).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, n) => n + 1),
    );
    expect(await counted(id)).toEqual({ likeCount: 100, rows: 100 });
    const [shown] = await walkFeed(crowd[0]!);
    expect(shown).toMatchObject({ id, likeCount: 100, likedByMe: true });

    const unliked = await Promise.all(crowd.map((who) => who.mutate('likes.remove', { generationId: id })));
    expect(
      unliked
        .map((res) => ok<LikeState>(res))
        .map((s) => s.likeCount)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 100 }, (_, n) => n));
    expect(await counted(id)).toEqual({ likeCount: 0, rows: 0 });
    expect((await walkFeed(crowd[0]!))[0]).toMatchObject({ id, likeCount: 0, likedByMe: false });
  });

  it('is idempotent: liking twice is one like, unliking twice is none', async () => {
    const id = await image();
    const [fan] = await people(1);
    expect(ok(await fan!.mutate('likes.add', { generationId: id }))).toEqual({ liked: true, likeCount: 1 });
    expect(ok(await fan!.mutate('likes.add', { generationId: id }))).toEqual({ liked: true, likeCount: 1 });
    expect(await counted(id)).toEqual({ likeCount: 1, rows: 1 });
    // The same like twice at once is still one.
    const [other] = await people(1);
    await Promise.all([1, 2].map(() => other!.mutate('likes.add', { generationId: id })));
    expect(await counted(id)).toEqual({ likeCount: 2, rows: 2 });
    const removed = { liked: false, likeCount: 1 };
    expect(ok(await fan!.mutate('likes.remove', { generationId: id }))).toEqual(removed);
    expect(ok(await fan!.mutate('likes.remove', { generationId: id }))).toEqual(removed);
    expect(await counted(id)).toEqual({ likeCount: 1, rows: 1 });
  });

  it('refuses a private or missing image with NOT_FOUND, writing nothing', async () => {
    const hidden = await image('private');
    const [fan] = await people(1);
    const missing = await fan!.mutate('likes.add', { generationId: randomUUID() });
    expectError(missing, 'NOT_FOUND');
    const before = await db().select().from(notifications);
    for (const path of ['likes.add', 'likes.remove']) {
      expect(refusal(await fan!.mutate(path, { generationId: hidden }))).toEqual(refusal(missing));
      // Its owner cannot like it either while it is private: a like is on a public image.
      expectError(await owner.mutate(path, { generationId: hidden }), 'NOT_FOUND');
    }
    expect(await counted(hidden)).toEqual({ likeCount: 0, rows: 0 });
    expect(await db().select().from(notifications)).toEqual(before);
  });

  it('asks a signed-out caller to sign in', async () => {
    const id = await image();
    expectError(await caller(community.app).mutate('likes.add', { generationId: id }), 'UNAUTHORIZED');
    expect(await counted(id)).toEqual({ likeCount: 0, rows: 0 });
  });
});
