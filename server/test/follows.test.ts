/**
 * Following artists: idempotent follow and unfollow with an exact follower count; not oneself
 * (VALIDATION_FAILED, rule self_follow) and only an artist (anyone else, or no one: NOT_FOUND); the
 * artists I follow, most recent first, in pages; the artist page's follower count and "followed by me";
 * and the `following` feed, which shows only images in the styles of the artists I follow.
 */
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { readyStyle } from './generation-support';
import {
  caller,
  communityApp,
  expectError,
  ok,
  refusal,
  seedImages,
  walkFeed,
  type CommunityApp,
} from './community-support';
import { signInAs } from './support';

const { follows, styles } = schema;

type FollowState = { following: boolean; followerCount: number };
type FollowingPage = { items: { id: string; followedAt: string }[]; nextCursor: string | null };

describe('follows', () => {
  let community: CommunityApp;
  beforeAll(async () => {
    community = await communityApp();
  });
  afterAll(async () => {
    await community?.close();
  });

  const person = async () => caller(community.app, (await signInAs(community.deps)).browser);
  const artist = async () => {
    const { artist: a, style } = await readyStyle(community.deps);
    return { id: a.user.id, style, as: caller(community.app, a.browser) };
  };
  const rowsFor = async (artistId: string) =>
    (
      await community.deps.database.db
        .select({ n: count() })
        .from(follows)
        .where(eq(follows.followeeId, artistId))
    )[0]!.n;

  it('follows and unfollows idempotently, with an exact follower count', async () => {
    const { id: artistId } = await artist();
    const fan = await person();
    const following: FollowState = { following: true, followerCount: 1 };
    expect(ok(await fan.mutate('follows.add', { artistId }))).toEqual(following);
    expect(ok(await fan.mutate('follows.add', { artistId }))).toEqual(following);
    expect(await rowsFor(artistId)).toBe(1);
    const crowd = await Promise.all(Array.from({ length: 20 }, person));
    await Promise.all(crowd.map((who) => who.mutate('follows.add', { artistId })));
    await Promise.all(crowd.map((who) => who.mutate('follows.add', { artistId })));
    expect(await rowsFor(artistId)).toBe(21);
    const gone: FollowState = { following: false, followerCount: 20 };
    expect(ok(await fan.mutate('follows.remove', { artistId }))).toEqual(gone);
    expect(ok(await fan.mutate('follows.remove', { artistId }))).toEqual(gone);
    expect(await rowsFor(artistId)).toBe(20);
  });

  it('refuses following oneself with VALIDATION_FAILED (self_follow), writing nothing', async () => {
    const self = await artist();
    expectError(
      await self.as.mutate('follows.add', { artistId: self.id }),
      'VALIDATION_FAILED',
      'self_follow',
    );
    expect(await rowsFor(self.id)).toBe(0);
  });

  it('refuses a non-artist or an unknown id with the same NOT_FOUND', async () => {
    const plain = await signInAs(community.deps);
    const fan = await person();
    const missing = await fan.mutate('follows.add', { artistId: randomUUID() });
    expectError(missing, 'NOT_FOUND');
    expect(refusal(await fan.mutate('follows.add', { artistId: plain.user.id }))).toEqual(refusal(missing));
    expectError(await fan.mutate('follows.remove', { artistId: plain.user.id }), 'NOT_FOUND');
    expect(await rowsFor(plain.user.id)).toBe(0);
  });

  it('asks a signed-out caller to sign in', async () => {
    const { id: artistId } = await artist();
    const anonymous = caller(community.app);
    expectError(await anonymous.mutate('follows.add', { artistId }), 'UNAUTHORIZED');
    expectError(await anonymous.query('follows.mine', {}), 'UNAUTHORIZED');
    expect(await rowsFor(artistId)).toBe(0);
  });

  it('lists the artists I follow, most recently followed first, in pages', async () => {
    const artists: Awaited<ReturnType<typeof artist>>[] = [];
    for (let n = 0; n < 5; n++) artists.push(await artist());
    const fan = await person();
    for (const a of artists) ok(await fan.mutate('follows.add', { artistId: a.id }));
    // Following again later moves an artist to the top.
    ok(await fan.mutate('follows.remove', { artistId: artists[1]!.id }));
    ok(await fan.mutate('follows.add', { artistId: artists[1]!.id }));
    const seen: FollowingPage['items'] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = ok<FollowingPage>(
        await fan.query('follows.mine', { limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((a) => a.id)).toEqual([1, 4, 3, 2, 0].map((n) => artists[n]!.id));
    const times = seen.map((a) => a.followedAt);
    expect([...times].sort().reverse()).toEqual(times);
    // Someone else's list is their own.
    expect(ok<FollowingPage>(await (await person()).query('follows.mine', {})).items).toEqual([]);
  });

  it('keeps paging when the artist a cursor ends on is unfollowed meanwhile', async () => {
    const artists: Awaited<ReturnType<typeof artist>>[] = [];
    for (let n = 0; n < 4; n++) artists.push(await artist());
    const fan = await person();
    for (const a of artists) ok(await fan.mutate('follows.add', { artistId: a.id }));
    const first = ok<FollowingPage>(await fan.query('follows.mine', { limit: 2 }));
    expect(first.items.map((a) => a.id)).toEqual([artists[3]!.id, artists[2]!.id]);
    ok(await fan.mutate('follows.remove', { artistId: artists[2]!.id }));
    const next = ok<FollowingPage>(await fan.query('follows.mine', { limit: 2, cursor: first.nextCursor }));
    expect(next.items.map((a) => a.id)).toEqual([artists[1]!.id, artists[0]!.id]);
    expect(next.nextCursor).toBeNull();
    expectError(await fan.query('follows.mine', { cursor: 'not-a-cursor' }), 'VALIDATION_FAILED');
  });

  it("shows the follower count and whether I follow on the artist's page", async () => {
    const { id: artistId } = await artist();
    const [fan, other] = [await person(), await person()];
    ok(await fan.mutate('follows.add', { artistId }));
    ok(await other.mutate('follows.add', { artistId }));
    ok(await other.mutate('follows.remove', { artistId }));
    expect(ok(await fan.query('artists.page', { artistId }))).toMatchObject({
      followerCount: 1,
      followedByMe: true,
    });
    expect(ok(await other.query('artists.page', { artistId }))).toMatchObject({
      followerCount: 1,
      followedByMe: false,
    });
    expect(ok(await caller(community.app).query('artists.page', { artistId }))).toMatchObject({
      followerCount: 1,
      followedByMe: false,
    });
  });

  it("shows in the following feed only images in the followed artists' styles", async () => {
    const db = community.deps.database.db;
    const followed = await artist();
    const [secondStyle] = await db
      .insert(styles)
      .values({ artistId: followed.id, name: `Second ${randomUUID().slice(0, 6)}`, priceTokens: 5 })
      .returning();
    const notFollowed = await artist();
    const owner = await signInAs(community.deps);
    const seed = (styleId: string, count: number, visibility: 'public' | 'private' = 'public') =>
      seedImages(db, { ownerId: owner.user.id, styleId, count, visibility });
    const expected = [...(await seed(followed.style.id, 3)), ...(await seed(secondStyle!.id, 2))];
    await seed(followed.style.id, 2, 'private');
    await seed(notFollowed.style.id, 4);

    const fan = await person();
    ok(await fan.mutate('follows.add', { artistId: followed.id }));
    const feed = await walkFeed(fan, { following: true });
    expect(feed.map((i) => i.id).sort()).toEqual([...expected].sort());
    expect(new Set(feed.map((i) => i.artist.id))).toEqual(new Set([followed.id]));
    expect(feed.map((i) => i.publishedAt)).toEqual([...feed.map((i) => i.publishedAt)].sort().reverse());
    // Paged like any feed.
    expect((await walkFeed(fan, { following: true, limit: 2 })).map((i) => i.id)).toEqual(
      feed.map((i) => i.id),
    );

    expect(await walkFeed(await person(), { following: true })).toEqual([]);
    ok(await fan.mutate('follows.remove', { artistId: followed.id }));
    expect(await walkFeed(fan, { following: true })).toEqual([]);
    expectError(await caller(community.app).query('gallery.feed', { following: true }), 'UNAUTHORIZED');
  });
});
