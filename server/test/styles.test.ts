import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import { samplesPrefix } from '../src/domains/styles/service';
import { purgeUnsignedSamples } from '../src/domains/styles/unsigned-samples';
import { putOnSale } from './generation-support';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

type Who = Awaited<ReturnType<typeof signInAs>>;
type Details = { code: string; details?: { path: string; rule: string; message: string }[] };

describe('styles', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;

  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  const mutate = (who: Who | null, path: string, input: unknown) =>
    callTrpc(app, `styles.${path}`, {
      mutation: true,
      input,
      headers: who?.browser ?? {
        origin: new URL(deps.config.PUBLIC_URL).origin,
        'x-style-license-csrf': '1',
      },
    });
  const query = (who: Who | null, path: string, input?: unknown) =>
    callTrpc(app, `styles.${path}`, { input, headers: who?.browser ?? {} });
  const valid = {
    name: 'Soft Watercolor',
    description: 'Pale washes.',
    tags: ['watercolor'],
    priceTokens: 5,
  };

  async function create(who: Who, input: object = valid) {
    const res = await mutate(who, 'create', { ...valid, ...input });
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    return res.data as { id: string; tags: string[]; [key: string]: unknown };
  }

  /** Every row the styles domain writes, in a stable order: "nothing changed" means this is equal. */
  async function snapshot() {
    const db = deps.database.db;
    return {
      styles: await db.select().from(schema.styles).orderBy(asc(schema.styles.id)),
      tags: await db.select().from(schema.tags).orderBy(asc(schema.tags.id)),
      styleTags: await db
        .select()
        .from(schema.styleTags)
        .orderBy(asc(schema.styleTags.styleId), asc(schema.styleTags.tagId)),
    };
  }
  const setStatus = (id: string, status: 'training' | 'failed' | 'queued') =>
    deps.database.db.update(schema.styles).set({ status }).where(eq(schema.styles.id, id));

  const BAD_INPUTS: [string, object, string, string][] = [
    ['price 0', { priceTokens: 0 }, 'priceTokens', 'too_small'],
    ['price 10001', { priceTokens: 10001 }, 'priceTokens', 'too_big'],
    ['price 1.5', { priceTokens: 1.5 }, 'priceTokens', 'invalid_type'],
    ['price "abc"', { priceTokens: 'abc' }, 'priceTokens', 'invalid_type'],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `fresh-${i}`) }, 'tags', 'too_big'],
    ['a 33-character tag', { tags: ['ok-tag', 'x'.repeat(33)] }, 'tags.1', 'too_big'],
    ['an empty tag', { tags: ['   '] }, 'tags.0', 'too_small'],
    ['a tag with markup', { tags: ['<b>'] }, 'tags.0', 'custom'],
    ['HTML in the name', { name: '<img src=x onerror=alert(1)>' }, 'name', 'markup'],
    ['HTML in the description', { description: 'Hi <script>alert(1)</script>' }, 'description', 'custom'],
    ['an 81-character name', { name: 'n'.repeat(81) }, 'name', 'too_big'],
    ['a 2001-character description', { description: 'd'.repeat(2001) }, 'description', 'too_big'],
  ];

  function expectRefused(res: Awaited<ReturnType<typeof callTrpc>>, path: string, rule: string) {
    expect(res.status).toBe(400);
    const data = res.error!.data as Details;
    expect(data.code).toBe('VALIDATION_FAILED');
    expect(data.details).toEqual([expect.objectContaining({ path, rule })]);
  }

  describe('create', () => {
    it('creates a draft on the quilt engine with normalised tags, listed in mine', async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      const style = await create(artist, { tags: [' Watercolor ', 'Portrait  Study', 'WATERCOLOR'] });
      expect(style).toMatchObject({
        name: 'Soft Watercolor',
        description: 'Pale washes.',
        priceTokens: 5,
        status: 'draft',
        progress: 0,
        trainedAt: null,
        thumbnailUrl: null,
        tags: ['portrait study', 'watercolor'],
      });
      const [row] = await deps.database.db.select().from(schema.styles).where(eq(schema.styles.id, style.id));
      expect(row).toMatchObject({ artistId: artist.user.id, engine: 'quilt', status: 'draft' });
      const mine = await query(artist, 'mine');
      expect(mine.data).toEqual([style]);
    });

    it.each(BAD_INPUTS)(
      'refuses %s with VALIDATION_FAILED naming the field and rule, writing nothing',
      async (_n, bad, path, rule) => {
        const artist = await signInAs(deps, { role: 'artist' });
        const before = await snapshot();
        expectRefused(await mutate(artist, 'create', { ...valid, ...bad }), path, rule);
        expect(await snapshot()).toEqual(before);
      },
    );

    it('accepts the price bounds 1 and 10000', async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      expect((await create(artist, { priceTokens: 1 })).priceTokens).toBe(1);
      expect((await create(artist, { priceTokens: 10000 })).priceTokens).toBe(10000);
    });

    it('is FORBIDDEN for a signed-in non-artist and UNAUTHORIZED signed out, writing nothing', async () => {
      const user = await signInAs(deps);
      const before = await snapshot();
      const res = await mutate(user, 'create', { ...valid, tags: ['never-stored'] });
      expect([res.status, (res.error!.data as Details).code]).toEqual([403, 'FORBIDDEN']);
      const anonymous = await mutate(null, 'create', valid);
      expect([anonymous.status, (anonymous.error!.data as Details).code]).toEqual([401, 'UNAUTHORIZED']);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('tag normalisation', () => {
    it("' Watercolor ', 'WATERCOLOR' and 'watercolor' on different styles are one tag row", async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      const styles = [];
      for (const tag of [' Aquarelle ', 'AQUARELLE', 'aquarelle'])
        styles.push(await create(artist, { tags: [tag] }));
      expect(styles.map((s) => s.tags)).toEqual([['aquarelle'], ['aquarelle'], ['aquarelle']]);
      const rows = await deps.database.db.select().from(schema.tags).where(eq(schema.tags.name, 'aquarelle'));
      expect(rows).toHaveLength(1);
    });

    it('keeps Korean as typed and stores NFD input as the same NFC tag', async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      const nfc = await create(artist, { tags: ['수채화', 'Ink 수묵화'] });
      const nfd = await create(artist, { tags: ['수채화'.normalize('NFD')] });
      expect(nfc.tags).toEqual(['ink 수묵화', '수채화']);
      expect(nfd.tags).toEqual(['수채화']);
      expect(nfd.tags[0]).toBe('수채화'.normalize('NFC'));
      const rows = await deps.database.db.select().from(schema.tags).where(eq(schema.tags.name, '수채화'));
      expect(rows).toHaveLength(1);
    });

    it('counts code points: 32 Hangul syllables (even typed as NFD) fit, 33 are refused', async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      const fits = '가나다라마바사아'.repeat(4);
      const style = await create(artist, { tags: [fits.normalize('NFD')] });
      expect(style.tags).toEqual([fits]);
      const before = await snapshot();
      expectRefused(await mutate(artist, 'create', { ...valid, tags: [`${fits}하`] }), 'tags.0', 'too_big');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('update and archive', () => {
    it('changes only the fields given; tags replace the set', async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      const style = await create(artist, { tags: ['keep-me', 'drop-me'] });
      const res = await mutate(artist, 'update', {
        styleId: style.id,
        priceTokens: 9,
        tags: ['keep-me', 'New'],
      });
      expect(res.data).toMatchObject({ ...valid, priceTokens: 9, tags: ['keep-me', 'new'], status: 'draft' });
      const renamed = await mutate(artist, 'update', { styleId: style.id, name: '  Renamed  ' });
      expect(renamed.data).toMatchObject({ name: 'Renamed', priceTokens: 9, tags: ['keep-me', 'new'] });
    });

    it('allows a price change on a ready style', async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      const style = await create(artist);
      await putOnSale(deps.database.db, style.id);
      const res = await mutate(artist, 'update', { styleId: style.id, priceTokens: 42 });
      expect(res.data).toMatchObject({ status: 'ready', priceTokens: 42 });
    });

    it.each(BAD_INPUTS)(
      'refuses an edit with %s, leaving the style and tags as they were',
      async (_n, bad, path, rule) => {
        const artist = await signInAs(deps, { role: 'artist' });
        const style = await create(artist);
        const before = await snapshot();
        expectRefused(await mutate(artist, 'update', { styleId: style.id, ...bad }), path, rule);
        expect(await snapshot()).toEqual(before);
      },
    );

    it("refuses someone else's style with FORBIDDEN and an unknown id with NOT_FOUND, writing nothing", async () => {
      const owner = await signInAs(deps, { role: 'artist' });
      const other = await signInAs(deps, { role: 'artist' });
      const style = await create(owner);
      const before = await snapshot();
      const edit = { name: 'Mine now', priceTokens: 1, tags: ['hijacked-tag'] };
      for (const [path, input] of [
        ['update', { styleId: style.id, ...edit }],
        ['archive', { styleId: style.id }],
      ] as const) {
        const res = await mutate(other, path, input);
        expect([res.status, (res.error!.data as Details).code]).toEqual([403, 'FORBIDDEN']);
        const unknown = await mutate(owner, path, { ...input, styleId: randomUUID() });
        expect([unknown.status, (unknown.error!.data as Details).code]).toEqual([404, 'NOT_FOUND']);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('archives idempotently; an archived style cannot be edited (CONFLICT) and stays in mine', async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      const style = await create(artist);
      const first = await mutate(artist, 'archive', { styleId: style.id });
      expect(first.data).toMatchObject({ id: style.id, status: 'archived' });
      const again = await mutate(artist, 'archive', { styleId: style.id });
      expect(again.data).toEqual(first.data);
      const before = await snapshot();
      const edit = await mutate(artist, 'update', {
        styleId: style.id,
        priceTokens: 7,
        tags: ['after-archive'],
      });
      expect([edit.status, (edit.error!.data as Details).code]).toEqual([409, 'CONFLICT']);
      expect(await snapshot()).toEqual(before);
      expect((await query(artist, 'mine')).data).toEqual([first.data]);
    });
  });

  it('lists only my styles, every status, newest first', async () => {
    const artist = await signInAs(deps, { role: 'artist' });
    await create(await signInAs(deps, { role: 'artist' }));
    const [a, b, c, d] = [
      await create(artist),
      await create(artist),
      await create(artist),
      await create(artist),
    ];
    await putOnSale(deps.database.db, b!.id);
    await setStatus(c!.id, 'failed');
    await mutate(artist, 'archive', { styleId: d!.id });
    const mine = (await query(artist, 'mine')).data as { id: string; status: string }[];
    expect(mine.map((s) => [s.id, s.status])).toEqual([
      [d!.id, 'archived'],
      [c!.id, 'failed'],
      [b!.id, 'ready'],
      [a!.id, 'draft'],
    ]);
    expect((await query(await signInAs(deps), 'mine')).status).toBe(403);
  });

  describe('get', () => {
    it('shows a ready style to anyone; other statuses only to the owner; NOT_FOUND otherwise', async () => {
      const owner = await signInAs(deps, { role: 'artist' });
      const stranger = await signInAs(deps, { role: 'artist' });
      const style = await create(owner, { tags: ['visible-tag'] });
      const get = (who: Who | null) => query(who, 'get', { styleId: style.id });
      for (const status of ['draft', 'queued', 'training', 'failed'] as const) {
        if (status !== 'draft') await setStatus(style.id, status);
        expect((await get(owner)).data).toMatchObject({ id: style.id, status });
        for (const who of [stranger, null]) {
          const res = await get(who);
          expect([res.status, (res.error!.data as Details).code]).toEqual([404, 'NOT_FOUND']);
        }
      }
      await putOnSale(deps.database.db, style.id);
      const ready = await get(null);
      expect(ready.data).toMatchObject({
        id: style.id,
        status: 'ready',
        tags: ['visible-tag'],
        artist: { id: owner.user.id, displayName: owner.user.displayName },
        thumbnailUrl: null,
        sampleUrls: [],
      });
      await mutate(owner, 'archive', { styleId: style.id });
      expect((await get(stranger)).status).toBe(404);
      expect((await get(owner)).data).toMatchObject({ status: 'archived' });
      expect((await query(null, 'get', { styleId: randomUUID() })).status).toBe(404);
    });

    /** A style made ready by `jobs` succeeded training runs, finished a month apart in this order. */
    async function trainedStyle(jobs: number) {
      const owner = await signInAs(deps, { role: 'artist' });
      const style = await create(owner);
      const runs = Array.from({ length: jobs }, (_, n) => ({
        id: randomUUID(),
        styleId: style.id,
        engine: 'quilt' as const,
        status: 'succeeded' as const,
        finishedAt: new Date(Date.UTC(2024, n, 1)),
      }));
      await deps.database.db.insert(schema.trainingJobs).values(runs);
      return { owner, style, runs };
    }
    const putAll = async (keys: string[]) => {
      for (const key of keys) await deps.storage.put(key, Buffer.from(key));
    };
    /** On sale with the model of the run `trainingJobId` (none: one trained before versions existed). */
    const makeReady = (id: string, thumbnailKey: string, trainingJobId?: string) =>
      putOnSale(deps.database.db, id, { trainingJobId, set: { trainedAt: new Date(), thumbnailKey } });
    const fetched = async (url: string) => {
      const { pathname, search } = new URL(url);
      const res = await app.inject({ method: 'GET', url: pathname + search });
      expect(res.statusCode).toBe(200);
      return res.body;
    };

    it('links the thumbnail and the signed samples of the run that trained the version on sale, with short-lived URLs', async () => {
      const { style, runs } = await trainedStyle(2);
      const [oldJob, newJob] = runs;
      const signed = (jobId: string, n: number) => `styles/${style.id}/samples/${jobId}-${n}.webp`;
      await putAll([...[0, 1, 10, 2].map((n) => signed(newJob!.id, n)), signed(oldJob!.id, 0)]);
      await makeReady(style.id, signed(newJob!.id, 0), newJob!.id);
      const detail = (await query(null, 'get', { styleId: style.id })).data as {
        thumbnailUrl: string;
        sampleUrls: string[];
      };
      expect(await fetched(detail.thumbnailUrl)).toBe(signed(newJob!.id, 0));
      const expiry = Number(new URL(detail.thumbnailUrl).searchParams.get('exp'));
      expect(expiry * 1000 - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000 + 1000);
      const samples = await Promise.all(detail.sampleUrls.map(fetched));
      expect(samples).toEqual([0, 1, 2, 10].map((n) => signed(newJob!.id, n)));
    });

    it('never links an unsigned sample from before samples were signed, as a sample or thumbnail, and housekeeping deletes them', async () => {
      const { owner, style, runs } = await trainedStyle(1);
      const unsigned = [0, 1, 2].map((n) => `${samplesPrefix(style.id)}${runs[0]!.id}-${n}.png`);
      // Near misses of the signed layout are not linked either: a padded number, an upper-case id.
      const lookalikes = [
        `${samplesPrefix(style.id)}${runs[0]!.id}-01.webp`,
        `${samplesPrefix(style.id)}${runs[0]!.id.toUpperCase()}-3.webp`,
      ];
      await putAll([...unsigned, ...lookalikes]);
      await makeReady(style.id, unsigned[0]!, runs[0]!.id);

      const detail = await query(null, 'get', { styleId: style.id });
      expect(detail.data).toMatchObject({ thumbnailUrl: null, sampleUrls: [] });
      expect((await query(owner, 'mine')).data).toEqual([
        expect.objectContaining({ id: style.id, thumbnailUrl: null }),
      ]);
      const found = (await query(null, 'search', { limit: 50 })).data as {
        items: { id: string; thumbnailUrl: string | null }[];
      };
      expect(found.items.find((item) => item.id === style.id)).toMatchObject({ thumbnailUrl: null });

      await purgeUnsignedSamples(deps.database.db, deps.storage, { walk: { after: null } });
      expect(await deps.storage.list(samplesPrefix(style.id))).toEqual(lookalikes.sort());
    });
  });
});
