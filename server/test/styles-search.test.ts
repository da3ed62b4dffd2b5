import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import { putOnSale } from './generation-support';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

type Who = Awaited<ReturnType<typeof signInAs>>;
type Page = {
  items: { id: string; name: string; tags: string[]; generationCount: number }[];
  nextCursor: string | null;
};
type ErrorData = { code: string; details?: { path: string; rule: string }[] };

/** A server on its own fresh database, so global answers (popular tags) see only this file's styles. */
function useServer() {
  const ctx = {} as { deps: TestServerDeps; app: FastifyInstance };
  beforeAll(async () => {
    ctx.deps = await createTestDeps();
    ctx.app = await buildApp(ctx.deps);
  });
  afterAll(async () => {
    await ctx.app.close();
    await ctx.deps.dispose();
  });
  return ctx;
}

/** Styles made through the API, then made ready directly in the database (training has its own tests). */
function styleMaker(ctx: { deps: TestServerDeps; app: FastifyInstance }) {
  return async (
    artist: Who,
    name: string,
    tags: string[],
    ready: { createdAt?: string; generationCount?: number } | false = {},
  ) => {
    const res = await callTrpc(ctx.app, 'styles.create', {
      mutation: true,
      headers: artist.browser,
      input: { name, tags, priceTokens: 3 },
    });
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    const { id } = res.data as { id: string };
    if (ready) {
      await putOnSale(ctx.deps.database.db, id, {
        set: {
          generationCount: ready.generationCount ?? 0,
          // A text timestamp keeps the microseconds a JS Date would drop.
          ...(ready.createdAt ? { createdAt: sql`${ready.createdAt}::timestamptz` } : {}),
        },
      });
    }
    return id;
  };
}

describe('styles.search', () => {
  const ctx = useServer();
  const makeStyle = styleMaker(ctx);
  const search = (input: object) => callTrpc(ctx.app, 'styles.search', { input });
  const names = (res: Awaited<ReturnType<typeof search>>) => (res.data as Page).items.map((i) => i.name);
  /** A tag no other test uses, so each test searches its own styles only. */
  const runTag = () => `run-${randomBytes(4).toString('hex')}`;

  async function walk(input: object) {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages += 1) {
      const res = await search({ ...input, cursor });
      expect(res.status, JSON.stringify(res.error)).toBe(200);
      const page = res.data as Page;
      seen.push(...page.items.map((i) => i.name));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('matches styles that carry ALL the tags asked for, as a list or as a comma string', async () => {
    const artist = await signInAs(ctx.deps, { role: 'artist' });
    const run = runTag();
    await makeStyle(artist, 'both', [run, 'watercolor', 'portrait'], { createdAt: '2024-01-03T00:00:00Z' });
    await makeStyle(artist, 'both+more', [run, 'Watercolor', 'Portrait', 'ink'], {
      createdAt: '2024-01-02T00:00:00Z',
    });
    await makeStyle(artist, 'watercolor only', [run, 'watercolor'], { createdAt: '2024-01-01T00:00:00Z' });
    await makeStyle(artist, 'portrait only', [run, 'portrait']);
    await makeStyle(artist, 'draft with both', [run, 'watercolor', 'portrait'], false);

    expect(names(await search({ tags: [run, 'watercolor', 'portrait'] }))).toEqual(['both', 'both+more']);
    expect(names(await search({ tags: `${run}, WATERCOLOR ,portrait,` }))).toEqual(['both', 'both+more']);
    expect(names(await search({ tags: [run, 'watercolor'] }))).toEqual([
      'both',
      'both+more',
      'watercolor only',
    ]);
    expect(names(await search({ tags: [run, 'watercolor', 'no-such-tag'] }))).toEqual([]);
    const [first] = ((await search({ tags: [run, 'ink'] })).data as Page).items;
    expect(first).toMatchObject({
      name: 'both+more',
      tags: ['ink', 'portrait', run, 'watercolor'].sort(),
      artist: { id: artist.user.id },
      priceTokens: 3,
      thumbnailUrl: null,
    });
  });

  it('sorts newest first, or by generations with newest then id breaking ties', async () => {
    const artist = await signInAs(ctx.deps, { role: 'artist' });
    const run = runTag();
    await makeStyle(artist, 'old popular', [run], { createdAt: '2024-01-01T00:00:00Z', generationCount: 50 });
    await makeStyle(artist, 'new quiet', [run], { createdAt: '2024-03-01T00:00:00Z', generationCount: 0 });
    await makeStyle(artist, 'mid tied', [run], { createdAt: '2024-02-01T00:00:00Z', generationCount: 7 });
    await makeStyle(artist, 'late tied', [run], { createdAt: '2024-02-15T00:00:00Z', generationCount: 7 });

    expect(names(await search({ tags: [run] }))).toEqual([
      'new quiet',
      'late tied',
      'mid tied',
      'old popular',
    ]);
    expect(names(await search({ tags: [run], sort: 'popular' }))).toEqual([
      'old popular',
      'late tied',
      'mid tied',
      'new quiet',
    ]);
  });

  it('walks every result exactly once through cursor pages, ties and microseconds included', async () => {
    const artist = await signInAs(ctx.deps, { role: 'artist' });
    const run = runTag();
    const made: string[] = [];
    // Same instant (only the id orders them), then instants 1 µs apart inside one millisecond.
    for (let i = 0; i < 4; i += 1) {
      made.push(`same-${i}`);
      await makeStyle(artist, `same-${i}`, [run], {
        createdAt: '2024-05-01T00:00:00.123456Z',
        generationCount: 2,
      });
    }
    for (let i = 0; i < 5; i += 1) {
      made.push(`micro-${i}`);
      await makeStyle(artist, `micro-${i}`, [run], {
        createdAt: `2024-05-01T00:00:00.12345${i}Z`,
        generationCount: i % 2,
      });
    }
    for (const sort of ['newest', 'popular']) {
      const everything = names(await search({ tags: [run], sort, limit: 50 }));
      expect(everything.slice().sort()).toEqual(made.slice().sort());
      for (const limit of [1, 2, 4]) {
        expect(await walk({ tags: [run], sort, limit }), `${sort} by ${limit}`).toEqual(everything);
      }
    }
  });

  it('shows only ready styles', async () => {
    const artist = await signInAs(ctx.deps, { role: 'artist' });
    const run = runTag();
    const ready = await makeStyle(artist, 'ready', [run]);
    for (const status of ['draft', 'queued', 'training', 'failed', 'archived'] as const) {
      const id = await makeStyle(artist, status, [run], false);
      await ctx.deps.database.db.update(schema.styles).set({ status }).where(eq(schema.styles.id, id));
    }
    expect((await search({ tags: [run] })).data).toMatchObject({ items: [{ id: ready }], nextCursor: null });
  });

  it.each([
    ['not base64 JSON', () => '!!!', 'invalid_cursor'],
    [
      'JSON of the wrong shape',
      () => Buffer.from('{"s":"newest","c":"x"}').toString('base64url'),
      'invalid_cursor',
    ],
    [
      'an impossible date',
      () =>
        Buffer.from(
          JSON.stringify({
            s: 'newest',
            c: '2024-02-30T00:00:00.000000Z',
            i: '00000000-0000-4000-8000-000000000000',
          }),
        ).toString('base64url'),
      'invalid_cursor',
    ],
  ])('refuses a cursor that is %s with VALIDATION_FAILED on cursor', async (_name, cursor, rule) => {
    const res = await search({ cursor: cursor() });
    expect(res.status).toBe(400);
    expect(res.error!.data).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'cursor', rule }] });
  });

  it('refuses a cursor from the other sort order, and bad search input', async () => {
    const artist = await signInAs(ctx.deps, { role: 'artist' });
    const run = runTag();
    await makeStyle(artist, 'a', [run]);
    await makeStyle(artist, 'b', [run]);
    const { nextCursor } = (await search({ tags: [run], limit: 1 })).data as Page;
    const mixed = await search({ tags: [run], sort: 'popular', cursor: nextCursor });
    expect(mixed.error!.data).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'cursor' }] });
    for (const [input, path, rule] of [
      [{ limit: 51 }, 'limit', 'too_big'],
      [{ limit: 0 }, 'limit', 'too_small'],
      [{ sort: 'cheapest' }, 'sort', 'invalid_value'],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags', 'too_big'],
      [{ tags: ['x'.repeat(33)] }, 'tags.0', 'too_big'],
    ] as const) {
      const res = await search(input);
      expect(res.status).toBe(400);
      expect((res.error!.data as ErrorData).details).toEqual([expect.objectContaining({ path, rule })]);
    }
  });
});

describe('styles.popularTags', () => {
  const ctx = useServer();
  const makeStyle = styleMaker(ctx);

  it('lists the 20 tags on the most ready styles, ties by name, not counting other statuses', async () => {
    const artist = await signInAs(ctx.deps, { role: 'artist' });
    // 25 tags over 10 ready styles; several counts tie, one tie straddles the cut after the 20th tag.
    const counts: [string, number][] = [
      ['zen', 10],
      ['수채화', 9],
      ['ink', 9],
      ['anime', 8],
      ['oil', 8],
      ['pastel', 7],
      ['charcoal', 7],
      ['retro', 6],
      ['neon', 5],
      ['flat', 5],
      ['cute', 5],
      ['dark', 4],
      ['bold', 4],
      ['묵화', 4],
      ['gouache', 3],
      ['pixel', 3],
      ['lineart', 3],
      ['sketch', 2],
      ['comic', 2],
      ['pop', 1],
      ['art deco', 1],
      ['mono', 1],
      ['soft', 1],
      ['vivid', 1],
      ['bright', 1],
    ];
    const STYLES = 10;
    const tagsOfStyle: string[][] = Array.from({ length: STYLES }, () => []);
    let next = 0;
    // Round robin, so no style gets a tag twice or more than MAX_TAGS tags.
    for (const [tag, count] of counts)
      for (let i = 0; i < count; i += 1) tagsOfStyle[next++ % STYLES]!.push(tag);
    for (const [n, tags] of tagsOfStyle.entries()) await makeStyle(artist, `style ${n}`, tags);
    const hidden = await makeStyle(artist, 'archived', ['unready', 'unseen', 'bright'], false);
    await makeStyle(artist, 'draft', ['unready', 'unseen', 'bright'], false);
    await callTrpc(ctx.app, 'styles.archive', {
      mutation: true,
      headers: artist.browser,
      input: { styleId: hidden },
    });

    const expected = counts
      .slice()
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, 20)
      .map(([name, styleCount]) => ({ name, styleCount }));
    const res = await callTrpc(ctx.app, 'styles.popularTags');
    expect(res.status).toBe(200);
    expect(res.data).toEqual(expected);
    expect(expected.slice(0, 3).map((t) => t.name)).toEqual(['zen', 'ink', '수채화']);
    expect(expected.at(-1)).toEqual({ name: 'art deco', styleCount: 1 });
  });
});
