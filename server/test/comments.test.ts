/**
 * Comments: added on an image one may see, listed newest first in cursor pages (each once, none missed,
 * while new ones arrive), removed softly by their author only (shown as removed, counted once however
 * often removed). The body is plain text of 1 to 1000 code points stored exactly as typed, markup
 * included; empty, too long or unstorable text is VALIDATION_FAILED and writes nothing. Adding is rate
 * limited per user (COMMENT_RATE_LIMIT a minute).
 */
import { randomUUID } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { readyStyle } from './generation-support';
import {
  caller,
  communityApp,
  expectError,
  ok,
  seedImage,
  type Caller,
  type CommunityApp,
} from './community-support';
import { signInAs } from './support';

const { comments, generations } = schema;

interface CommentSeen {
  id: string;
  author: { id: string };
  body: string | null;
  removed: boolean;
  mine: boolean;
}
type CommentPage = { items: CommentSeen[]; total: number; nextCursor: string | null };

async function setting(community: CommunityApp) {
  const { deps, app } = community;
  const { style } = await readyStyle(deps);
  const ownerSession = await signInAs(deps);
  const image = (visibility: 'public' | 'private' = 'public') =>
    seedImage(deps.database.db, { ownerId: ownerSession.user.id, styleId: style.id, visibility });
  const person = async () => caller(app, (await signInAs(deps)).browser);
  return { owner: caller(app, ownerSession.browser), image, person };
}

describe('comments', () => {
  let community: CommunityApp;
  let owner: Caller;
  let image: (visibility?: 'public' | 'private') => Promise<string>;
  let person: () => Promise<Caller>;

  beforeAll(async () => {
    community = await communityApp({ COMMENT_RATE_LIMIT: '1000' });
    ({ owner, image, person } = await setting(community));
  });
  afterAll(async () => {
    await community?.close();
  });

  /** What the database holds for the image: comment rows, and its comment_count. */
  async function held(generationId: string) {
    const db = community.deps.database.db;
    const [rows] = await db
      .select({ n: count() })
      .from(comments)
      .where(eq(comments.generationId, generationId));
    const [row] = await db
      .select({ commentCount: generations.commentCount })
      .from(generations)
      .where(eq(generations.id, generationId));
    return { rows: rows!.n, commentCount: row!.commentCount };
  }
  const add = (who: Caller, generationId: string, body: string) =>
    who.mutate('comments.add', { generationId, body });

  it('lists comments newest first in cursor pages, each once, while new ones arrive', async () => {
    const id = await image();
    const [ana, ben] = [await person(), await person()];
    const written: string[] = [];
    for (let n = 0; n < 25; n++)
      written.push(ok<CommentSeen>(await add(n % 2 ? ana : ben, id, `comment ${n}`)).id);
    const seen: CommentSeen[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = ok<CommentPage>(
        await ana.query('comments.list', { generationId: id, limit: 10, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.items);
      // Written after the first page was read: newer than all of it, so in no later page.
      ok(await add(ben, id, `late ${pages}`));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((c) => c.id)).toEqual([...written].reverse());
    expect(seen.map((c) => c.mine)).toEqual(seen.map((c, n) => (24 - n) % 2 === 1));
    const first = ok<CommentPage>(await caller(community.app).query('comments.list', { generationId: id }));
    expect(first.total).toBe(28);
    expect(first.items.slice(0, 3).map((c) => c.body)).toEqual(['late 2', 'late 1', 'late 0']);
  });

  it('removes only the author’s own comment, softly, counting it once however often removed', async () => {
    const id = await image();
    const [ana, ben] = [await person(), await person()];
    const kept = ok<CommentSeen>(await add(ben, id, 'kept'));
    const mine = ok<CommentSeen>(await add(ana, id, 'regretted'));
    expect(await held(id)).toEqual({ rows: 2, commentCount: 2 });

    // Not ben's to remove, nor the image owner's; an unknown id is the same NOT_FOUND.
    expectError(await ben.mutate('comments.remove', { commentId: mine.id }), 'NOT_FOUND');
    expectError(await owner.mutate('comments.remove', { commentId: mine.id }), 'NOT_FOUND');
    expectError(await ana.mutate('comments.remove', { commentId: randomUUID() }), 'NOT_FOUND');
    expect(await held(id)).toEqual({ rows: 2, commentCount: 2 });

    const removals = await Promise.all(
      [1, 2].map(() => ana.mutate('comments.remove', { commentId: mine.id })),
    );
    for (const res of removals)
      expect(ok(res)).toMatchObject({ id: mine.id, removed: true, body: null, mine: true });
    expect(ok(await ana.mutate('comments.remove', { commentId: mine.id }))).toMatchObject({ removed: true });
    expect(await held(id)).toEqual({ rows: 2, commentCount: 1 });

    const page = ok<CommentPage>(await ben.query('comments.list', { generationId: id }));
    expect(page.total).toBe(1);
    expect(page.items).toEqual([
      expect.objectContaining({ id: mine.id, removed: true, body: null, mine: false }),
      expect.objectContaining({ id: kept.id, removed: false, body: 'kept', mine: true }),
    ]);
  });

  it('accepts exactly 1000 code points (emoji count once) and refuses 1001, empty or blank', async () => {
    const id = await image();
    const ana = await person();
    for (const body of ['😀'.repeat(1000), 'a'.repeat(999) + '👍', ` ${'b'.repeat(1000)}\n`]) {
      expect(ok<CommentSeen>(await add(ana, id, body)).body).toBe(body.trim());
    }
    const [longest] = await community.deps.database.db
      .select({ n: sql<number>`max(char_length(${comments.body}))` })
      .from(comments)
      .where(eq(comments.generationId, id));
    expect(longest!.n).toBe(1000);
    const before = await held(id);
    // Blank includes what draws nothing: zero-width spaces, joiners, a braille blank.
    for (const body of [
      '',
      '   \n\t  ',
      '\u200b\u200b',
      '\u2060 \u2800',
      'a'.repeat(1001),
      '😀'.repeat(1001),
    ])
      expectError(await add(ana, id, body), 'VALIDATION_FAILED');
    expect(await held(id)).toEqual(before);
  });

  it('stores markup exactly as typed and gives it back as text', async () => {
    const id = await image();
    const ana = await person();
    const payload = '<script>alert(1)</script> & <img src=x onerror="alert(2)"> &lt;';
    expect(ok<CommentSeen>(await add(ana, id, payload)).body).toBe(payload);
    const page = ok<CommentPage>(await caller(community.app).query('comments.list', { generationId: id }));
    expect(page.items[0]!.body).toBe(payload);
    const [row] = await community.deps.database.db
      .select({ body: comments.body })
      .from(comments)
      .where(eq(comments.generationId, id));
    expect(row!.body).toBe(payload);
  });

  it('refuses control characters and lone surrogates with VALIDATION_FAILED (not INTERNAL)', async () => {
    const id = await image();
    const ana = await person();
    // Bidi overrides and isolates too: they would show "gnp.exe" as "exe.png".
    for (const body of [
      'nul\u0000here',
      '\u0000',
      'bell\u0007',
      'del\u007f',
      'half \ud83d pair',
      'file \u202egnp.exe',
      'iso \u2067x\u2069',
    ])
      expectError(await add(ana, id, body), 'VALIDATION_FAILED');
    expect(await held(id)).toEqual({ rows: 0, commentCount: 0 });
    // Tabs and line breaks are text.
    expect(ok<CommentSeen>(await add(ana, id, 'a\tb\r\nc')).body).toBe('a\tb\nc');
    // Mixed-direction text keeps its plain marks, and an emoji its joiner.
    expect(ok<CommentSeen>(await add(ana, id, 'שלום\u200e ok 👩\u200d🎨')).body).toBe(
      'שלום\u200e ok 👩\u200d🎨',
    );
  });

  it("is NOT_FOUND on someone else's private image (as on a missing one); the owner may comment", async () => {
    const hidden = await image('private');
    const ana = await person();
    expectError(await add(ana, randomUUID(), 'hello'), 'NOT_FOUND');
    expectError(await add(ana, hidden, 'hello'), 'NOT_FOUND');
    expect(await held(hidden)).toEqual({ rows: 0, commentCount: 0 });
    expect(ok<CommentSeen>(await add(owner, hidden, 'note to self')).mine).toBe(true);
    expect(await held(hidden)).toEqual({ rows: 1, commentCount: 1 });
  });

  it('asks a signed-out caller to sign in', async () => {
    const id = await image();
    expectError(await add(caller(community.app), id, 'hello'), 'UNAUTHORIZED');
    expect(await held(id)).toEqual({ rows: 0, commentCount: 0 });
  });
});

describe('the comment rate limit', () => {
  let community: CommunityApp;
  beforeAll(async () => {
    community = await communityApp({ COMMENT_RATE_LIMIT: '3' });
  });
  afterAll(async () => {
    await community?.close();
  });

  it('gives RATE_LIMITED past COMMENT_RATE_LIMIT a minute, per user, writing nothing', async () => {
    const { image, person } = await setting(community);
    const id = await image();
    const [ana, ben] = [await person(), await person()];
    for (let n = 0; n < 3; n++) ok(await ana.mutate('comments.add', { generationId: id, body: `n${n}` }));
    const refused = await ana.mutate('comments.add', { generationId: id, body: 'one too many' });
    expectError(refused, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another user has a limit of their own.
    ok(await ben.mutate('comments.add', { generationId: id, body: 'mine' }));
    const page = ok<CommentPage>(await ben.query('comments.list', { generationId: id }));
    expect(page.total).toBe(4);
    expect(page.items.map((c) => c.body)).not.toContain('one too many');
  });
});
