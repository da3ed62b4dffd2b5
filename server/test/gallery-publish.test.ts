/**
 * An owner publishing their image: only a finished image can be public (CONFLICT otherwise), only the
 * owner may change it (anyone else: NOT_FOUND, as for a missing id), nothing changes when refused, and
 * publishing again keeps the first publication time (so toggling cannot bring an image back to the top).
 * The description is plain text of at most 1000 code points, stored exactly as typed; '' clears it.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
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

const { generations } = schema;

describe('publishing an image', () => {
  let community: CommunityApp;
  let owner: Caller;
  let someoneElse: Caller;
  let image: (o?: { status?: 'queued' | 'running' | 'failed' }) => Promise<string>;

  beforeAll(async () => {
    community = await communityApp();
    const { deps, app } = community;
    const { style } = await readyStyle(deps);
    const ownerSession = await signInAs(deps);
    owner = caller(app, ownerSession.browser);
    someoneElse = caller(app, (await signInAs(deps)).browser);
    image = (o = {}) =>
      seedImage(deps.database.db, {
        ownerId: ownerSession.user.id,
        styleId: style.id,
        visibility: 'private',
        description: 'as it was',
        ...o,
      });
  });
  afterAll(async () => {
    await community?.close();
  });

  const row = async (id: string) =>
    (await community.deps.database.db.select().from(generations).where(eq(generations.id, id)))[0]!;
  const publish = (who: Caller, generationId: string, extra: Record<string, unknown> = {}) =>
    who.mutate('gallery.update', { generationId, visibility: 'public', ...extra });

  it('publishes a finished image, stamping its publication time and showing it first', async () => {
    const id = await image();
    const res = ok<{ visibility: string; publishedAt: string }>(await publish(owner, id));
    expect(res.visibility).toBe('public');
    expect((await row(id)).publishedAt?.toISOString()).toBe(res.publishedAt);
    expect((await walkFeed(someoneElse))[0]!.id).toBe(id);
  });

  it.each(['queued', 'running', 'failed'] as const)(
    'refuses to publish a %s image with CONFLICT, changing nothing',
    async (status) => {
      const id = await image({ status });
      const before = await row(id);
      expectError(await publish(owner, id, { description: 'new words' }), 'CONFLICT', 'not_succeeded');
      expect(await row(id)).toEqual(before);
      expect(before).toMatchObject({ visibility: 'private', publishedAt: null, description: 'as it was' });
    },
  );

  it("answers NOT_FOUND for someone else's image (as for a missing one) and changes nothing", async () => {
    const id = await image();
    const before = await row(id);
    const missing = await publish(someoneElse, randomUUID());
    expectError(missing, 'NOT_FOUND');
    const res = await publish(someoneElse, id, { description: 'defaced' });
    expect(refusal(res)).toEqual(refusal(missing));
    expectError(
      await someoneElse.mutate('gallery.update', { generationId: id, description: 'defaced' }),
      'NOT_FOUND',
    );
    expect(await row(id)).toEqual(before);
  });

  it('asks a signed-out caller to sign in', async () => {
    const id = await image();
    expectError(await publish(caller(community.app), id), 'UNAUTHORIZED');
    expect((await row(id)).visibility).toBe('private');
  });

  it('keeps the first publication time when published again, so the image keeps its place', async () => {
    const id = await image();
    const first = ok<{ publishedAt: string }>(await publish(owner, id)).publishedAt;
    const later = await image();
    ok(await publish(owner, later));
    expect(ok<{ publishedAt: string }>(await publish(owner, id)).publishedAt).toBe(first);
    ok(await owner.mutate('gallery.update', { generationId: id, visibility: 'private' }));
    expect((await row(id)).publishedAt?.toISOString()).toBe(first);
    expect(ok<{ publishedAt: string }>(await publish(owner, id)).publishedAt).toBe(first);
    const order = (await walkFeed(someoneElse)).map((i) => i.id);
    expect(order.indexOf(later)).toBeLessThan(order.indexOf(id));
  });
});

describe('an image description', () => {
  let community: CommunityApp;
  let owner: Caller;
  let id: string;

  beforeAll(async () => {
    community = await communityApp();
    const { deps, app } = community;
    const { style } = await readyStyle(deps);
    const ownerSession = await signInAs(deps);
    owner = caller(app, ownerSession.browser);
    id = await seedImage(deps.database.db, { ownerId: ownerSession.user.id, styleId: style.id });
  });
  afterAll(async () => {
    await community?.close();
  });

  const describeAs = (description: string) =>
    owner.mutate('gallery.update', { generationId: id, description });
  const stored = async () =>
    (
      await community.deps.database.db
        .select({ description: generations.description })
        .from(generations)
        .where(eq(generations.id, id))
    )[0]!.description;
  const shown = async () =>
    ok<{ description: string | null }>(
      await caller(community.app).query('gallery.image', { generationId: id }),
    ).description;

  it('takes 1000 code points (emoji count once) and refuses 1001, keeping the old one', async () => {
    const full = '🌙'.repeat(999) + 'a';
    expect(ok<{ description: string }>(await describeAs(full)).description).toBe(full);
    expect(await stored()).toBe(full);
    expectError(await describeAs('🌙'.repeat(1001)), 'VALIDATION_FAILED');
    expectError(await describeAs('a'.repeat(1001)), 'VALIDATION_FAILED');
    expect(await stored()).toBe(full);
  });

  it('stores and returns markup exactly as typed, as text', async () => {
    const markup = '<img src=x onerror="alert(1)"> & <b>bold</b> &amp;';
    ok(await describeAs(markup));
    expect(await stored()).toBe(markup);
    expect(await shown()).toBe(markup);
    expect((await walkFeed(caller(community.app)))[0]!.description).toBe(markup);
  });

  it("clears it with '' (and with whitespace only)", async () => {
    ok(await describeAs('something'));
    expect(ok<{ description: string | null }>(await describeAs('')).description).toBeNull();
    expect(await stored()).toBeNull();
    expect(await shown()).toBeNull();
    ok(await describeAs('something'));
    ok(await describeAs('  \n '));
    expect(await stored()).toBeNull();
  });

  it('refuses control characters with VALIDATION_FAILED', async () => {
    ok(await describeAs('kept'));
    expectError(await describeAs('nul\u0000here'), 'VALIDATION_FAILED');
    expect(await stored()).toBe('kept');
  });
});
