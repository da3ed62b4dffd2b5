/**
 * A private image is seen by its owner only: no feed shows it (all, by style, by artist, by prompt or
 * style tag, following), whoever reads, not even its owner's own feeds; its page and its comments are
 * NOT_FOUND for everyone else, exactly as for an id that does not exist; its owner sees it with
 * `mine: true`. An image made private after being public is gone from all of these at once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
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

describe('private images', () => {
  let community: CommunityApp;
  let artistId: string;
  let styleId: string;
  let owner: Caller;
  let shown: string;
  let neverShown: string;
  let withdrawn: string;
  /** Readers: signed out, a follower of the artist, the artist, and the images' owner. */
  let readers: { name: string; who: Caller; signedIn: boolean }[];

  beforeAll(async () => {
    community = await communityApp();
    const { deps, app } = community;
    const db = deps.database.db;
    const { artist, style } = await readyStyle(deps);
    artistId = artist.user.id;
    styleId = style.id;
    const [tag] = await db.insert(schema.tags).values({ name: 'botanical' }).returning();
    await db.insert(schema.styleTags).values({ styleId, tagId: tag!.id });
    const ownerSession = await signInAs(deps);
    owner = caller(app, ownerSession.browser);
    const image = { ownerId: ownerSession.user.id, styleId, promptTags: ['moonlit'] };
    shown = await seedImage(db, image);
    neverShown = await seedImage(db, { ...image, visibility: 'private' });
    withdrawn = await seedImage(db, { ...image, visibility: 'private' });
    // Shown, commented on, then made private again by its owner through the API.
    ok(await owner.mutate('gallery.update', { generationId: withdrawn, visibility: 'public' }));
    const follower = caller(app, (await signInAs(deps)).browser);
    ok(await follower.mutate('follows.add', { artistId }));
    ok(await owner.mutate('follows.add', { artistId }));
    ok(await follower.mutate('comments.add', { generationId: withdrawn, body: 'lovely' }));
    expect((await walkFeed(follower, { following: true })).map((i) => i.id)).toContain(withdrawn);
    ok(await owner.mutate('gallery.update', { generationId: withdrawn, visibility: 'private' }));
    readers = [
      { name: 'signed out', who: caller(app), signedIn: false },
      { name: 'a follower', who: follower, signedIn: true },
      { name: 'the artist', who: caller(app, artist.browser), signedIn: true },
      { name: 'the owner', who: owner, signedIn: true },
    ];
  });
  afterAll(async () => {
    await community?.close();
  });

  const feeds = () => [
    {},
    { styleId },
    { artistId },
    { tag: 'moonlit' },
    { tag: 'botanical' },
    { following: true },
  ];

  it('appear in no feed, with any filter, for any reader, the owner included', async () => {
    let checked = 0;
    for (const { name, who, signedIn } of readers) {
      for (const filter of feeds()) {
        if (filter.following && !signedIn) continue;
        const ids = (await walkFeed(who, filter)).map((i) => i.id);
        const following = filter.following && name !== 'a follower' && name !== 'the owner';
        // The public image is there (the filter matches it), the private ones are not.
        expect({ name, filter, ids }).toEqual({ name, filter, ids: following ? [] : [shown] });
        checked += 1;
      }
    }
    expect(checked).toBe(23);
  });

  it("are NOT_FOUND on their page for anyone else, exactly like an id that doesn't exist", async () => {
    for (const { name, who } of readers.filter((r) => r.name !== 'the owner')) {
      const missing = await who.query('gallery.image', { generationId: randomUUID() });
      expectError(missing, 'NOT_FOUND');
      for (const generationId of [neverShown, withdrawn]) {
        const res = await who.query('gallery.image', { generationId });
        expect({ name, ...refusal(res) }).toEqual({ name, ...refusal(missing) });
      }
      ok(await who.query('gallery.image', { generationId: shown }));
    }
  });

  it('have comments nobody else can list', async () => {
    for (const { who } of readers.filter((r) => r.name !== 'the owner')) {
      for (const generationId of [neverShown, withdrawn])
        expectError(await who.query('comments.list', { generationId }), 'NOT_FOUND');
    }
    const own = ok<{ items: { body: string }[] }>(
      await owner.query('comments.list', { generationId: withdrawn }),
    );
    expect(own.items.map((c) => c.body)).toEqual(['lovely']);
  });

  it('are seen by their owner, marked as theirs and private', async () => {
    for (const generationId of [neverShown, withdrawn]) {
      expect(ok(await owner.query('gallery.image', { generationId }))).toMatchObject({
        id: generationId,
        mine: true,
        visibility: 'private',
      });
    }
    expect(ok(await owner.query('gallery.image', { generationId: neverShown }))).toMatchObject({
      publishedAt: null,
    });
    expect(ok(await readers[1]!.who.query('gallery.image', { generationId: shown }))).toMatchObject({
      mine: false,
      visibility: 'public',
    });
  });
});
