/**
 * Look-alike artist names (issue 11, defect 4): two artists may not have names with the same UTS #39
 * confusable skeleton. The database's unique index decides, so it holds for every path that makes an
 * artist or renames one, and a refused request (CONFLICT `name_taken`) changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import { SESSION_COOKIE } from '../src/domains/auth/credentials';
import { upsertUser } from '../src/domains/auth/flows';
import { createSession } from '../src/domains/auth/sessions';
import { signatureFile } from './names-support';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

type Who = { user: { id: string }; browser: Record<string, string> };

/** Names that look like "Mira Quill" (or are it), as the issue lists them, and two more from confusables.txt. */
const LOOK_ALIKES: [string, string][] = [
  ['an exact copy', 'Mira Quill'],
  ['a Cyrillic а', 'Mir\u0430 Quill'],
  ['a Greek capital Μ', '\u039Cira Quill'],
  ['capital I for each l', 'Mira QuiII'],
];

describe('artist names are unique by look', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  let signature: Awaited<ReturnType<typeof signatureFile>>;
  let first: Who;

  const db = () => deps.database.db;
  const mutate = (who: Who, path: string, input: unknown) =>
    callTrpc(app, path, { mutation: true, headers: who.browser, input });
  const apply = (who: Who, displayName?: string) =>
    mutate(who, 'artists.submitApplication', { contactEmail: 'me@art.test', signature, displayName });
  const userRow = async (id: string) =>
    (await db().select().from(schema.users).where(eq(schema.users.id, id)))[0]!;
  const profileRows = (id: string) =>
    db().select().from(schema.artistProfiles).where(eq(schema.artistProfiles.userId, id));

  function expectNameTaken(res: Awaited<ReturnType<typeof callTrpc>>) {
    expect(res.status).toBe(409);
    expect(res.error!.data).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'displayName', rule: 'name_taken' }],
    });
  }

  /** The refused user is exactly as before: same row, no artist profile, no stored signature. */
  async function expectUnchanged(before: typeof schema.users.$inferSelect) {
    expect(await userRow(before.id)).toEqual(before);
    expect(await profileRows(before.id)).toEqual([]);
    expect(await deps.storage.list(`signatures/${before.id}/`)).toEqual([]);
  }

  async function expectFirstKeepsTheName() {
    expect(await userRow(first.user.id)).toMatchObject({ displayName: 'Mira Quill', role: 'artist' });
    const page = await callTrpc(app, 'artists.page', { input: { artistId: first.user.id } });
    expect(page.data).toMatchObject({ id: first.user.id, displayName: 'Mira Quill' });
  }

  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
    signature = await signatureFile();
    first = await signInAs(deps);
    expect((await apply(first, 'Mira Quill')).status).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  it.each(['Studio evil.com/l', 'me@studio.co', 'Mira\u2800Quill'])(
    'a name stored before the name rule (%s) cannot become an artist name as it is',
    async (stored) => {
      const old = await signInAs(deps);
      await db().update(schema.users).set({ displayName: stored }).where(eq(schema.users.id, old.user.id));
      const before = await userRow(old.user.id);
      const res = await apply(old);
      expect(res.status).toBe(400);
      expect(res.error!.data).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: 'displayName' })],
      });
      await expectUnchanged(before);
      expect((await apply(old, `Old Studio ${old.user.id.slice(0, 4)}`)).status).toBe(200);
    },
  );

  describe('a second artist with a look-alike name is refused, and the first keeps theirs', () => {
    it.each(LOOK_ALIKES)('applying with %s', async (_n, name) => {
      const second = await signInAs(deps);
      expectNameTaken(await apply(second, name));
      await expectUnchanged(second.user);
      await expectFirstKeepsTheName();
    });

    it.each(LOOK_ALIKES)(
      'a buyer who already has %s as their name, applying without a new one',
      async (label, name) => {
        // Buyers may share any name: it only matters once they would sign as an artist.
        const buyer = await signInAs(deps);
        expect((await mutate(buyer, 'profile.update', { displayName: name })).status).toBe(200);
        const before = await userRow(buyer.user.id);
        expectNameTaken(await apply(buyer));
        await expectUnchanged(before);
        // …and can still apply, under a name of their own.
        expect((await apply(buyer, `Quill fan (${label})`)).status).toBe(200);
        await expectFirstKeepsTheName();
      },
    );

    it('a zero-width space from the identity provider: cleaned at sign-in, then refused as an exact copy', async () => {
      const user = await upsertUser(db(), {
        sub: `zw-${randomUUID()}`,
        email: `${randomUUID()}@example.test`,
        name: 'Mira\u200B Quill',
        picture: null,
      });
      expect(user.displayName).toBe('Mira Quill');
      const { token } = await createSession(db(), { userId: user.id, kind: 'web', ttlDays: 1 });
      const who = { user, browser: { ...first.browser, cookie: `${SESSION_COOKIE}=${token}` } };
      expectNameTaken(await apply(who));
      await expectUnchanged(user);
    });

    it('NFD and NFC Zoë are one name', async () => {
      const zoe = await signInAs(deps);
      expect((await apply(zoe, 'Zo\u00EB Park')).status).toBe(200);
      const copy = await signInAs(deps);
      expectNameTaken(await apply(copy, 'Zoe\u0308 Park'));
      await expectUnchanged(copy.user);
    });
  });

  describe('renaming', () => {
    it('an artist to a look-alike of another artist is refused, and changes nothing', async () => {
      const artist = await signInAs(deps);
      expect((await apply(artist, 'Orin Vale')).status).toBe(200);
      const before = await userRow(artist.user.id);
      for (const [, name] of LOOK_ALIKES) {
        expectNameTaken(await mutate(artist, 'profile.update', { displayName: name, locale: 'ko' }));
        expect(await userRow(artist.user.id)).toEqual(before);
      }
      await expectFirstKeepsTheName();
    });

    it('an artist to a look-alike of their own name is fine', async () => {
      const artist = await signInAs(deps);
      expect((await apply(artist, 'Tessa Lark')).status).toBe(200);
      expect((await mutate(artist, 'profile.update', { displayName: 'Tessa Lark' })).status).toBe(200);
      expect((await mutate(artist, 'profile.update', { displayName: 'Tess\u0430 Lark' })).status).toBe(200);
    });
  });

  it('two look-alike applications at once: exactly one wins, and only its signature stays stored', async () => {
    const [a, b] = [await signInAs(deps), await signInAs(deps)];
    const results = await Promise.all([apply(a, 'Wren Hollow'), apply(b, 'Wren H\u043Ellow')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const keys = [
      ...(await deps.storage.list(`signatures/${a.user.id}/`)),
      ...(await deps.storage.list(`signatures/${b.user.id}/`)),
    ];
    expect(keys).toHaveLength(1);
  });

  describe('the database itself refuses a look-alike artist, whoever writes it', () => {
    const insertArtist = (name: string) =>
      db().execute(sql`INSERT INTO users (google_sub, email, display_name, role)
        VALUES (${randomUUID()}, ${`${randomUUID()}@example.test`}, ${name}, 'artist')`);
    const refusal = (write: Promise<unknown>) =>
      write.then(
        () => null,
        (e: unknown) => (e as { cause?: unknown }).cause ?? e,
      );
    const LOOK_ALIKE_INDEX = { code: '23505', constraint: 'users_artist_name_skeleton_key' };

    it.each([
      ...LOOK_ALIKES,
      ['a zero-width space', 'Mira\u200B Quill'],
      ['a soft hyphen', 'Mi\u00ADra Quill'],
      ['full-width letters', '\uFF2Dira Quill'],
    ])('%s', async (_n, name) => {
      expect(await refusal(insertArtist(name))).toMatchObject(LOOK_ALIKE_INDEX);
    });

    it('NFD after NFC', async () => {
      await insertArtist('Zo\u00EB Lin');
      expect(await refusal(insertArtist('Zoe\u0308 Lin'))).toMatchObject(LOOK_ALIKE_INDEX);
    });

    it('but lets buyers share a name with an artist and with each other', async () => {
      for (let i = 0; i < 2; i++) {
        await db().execute(sql`INSERT INTO users (google_sub, email, display_name)
          VALUES (${randomUUID()}, ${`${randomUUID()}@example.test`}, 'Mira Quill')`);
      }
      const [row] = await db()
        .select({ skeleton: schema.users.nameSkeleton })
        .from(schema.users)
        .where(eq(schema.users.id, first.user.id));
      expect(row!.skeleton).toBe('Mira Quill');
    });
  });
});
