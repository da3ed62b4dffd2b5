/**
 * Typed names (issue 11, defects 3 and 5): every path where a user types a name — the profile, the
 * artist application and styles — refuses each hostile name with VALIDATION_FAILED naming the rule it
 * breaks, and a refused request changes nothing.
 */
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { HOSTILE_NAMES } from '../../shared/test/hostile-names';
import { buildApp } from '../src/app';
import { signatureFile } from './names-support';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

type Who = Awaited<ReturnType<typeof signInAs>>;
type ErrorData = { code: string; details: { path: string; rule: string }[] };

describe('a typed name', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  let signature: Awaited<ReturnType<typeof signatureFile>>;

  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
    signature = await signatureFile();
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  const mutate = (who: Who, path: string, input: unknown) =>
    callTrpc(app, path, { mutation: true, headers: who.browser, input });
  const db = () => deps.database.db;
  const userRow = async (id: string) =>
    (await db().select().from(schema.users).where(eq(schema.users.id, id)))[0]!;

  function expectRefused(res: Awaited<ReturnType<typeof callTrpc>>, path: string, rule: string) {
    expect(res.status).toBe(400);
    const data = res.error!.data as ErrorData;
    expect(data.code).toBe('VALIDATION_FAILED');
    expect(data.details).toEqual([expect.objectContaining({ path, rule })]);
  }

  describe('in the profile', () => {
    it.each(HOSTILE_NAMES)(
      'with %s is refused, naming the rule, and the user row is unchanged',
      async (_n, name, rule) => {
        const who = await signInAs(deps);
        expectRefused(
          await mutate(who, 'profile.update', { displayName: name, locale: 'ko' }),
          'displayName',
          rule,
        );
        expect(await userRow(who.user.id)).toEqual(who.user);
      },
    );
  });

  describe('in the artist application', () => {
    it.each(HOSTILE_NAMES)('with %s is refused, and nothing is created', async (_n, name, rule) => {
      const who = await signInAs(deps);
      const input = { contactEmail: 'me@art.test', signature, displayName: name };
      expectRefused(await mutate(who, 'artists.submitApplication', input), 'displayName', rule);
      expect(await userRow(who.user.id)).toEqual(who.user);
      expect(
        await db().select().from(schema.artistProfiles).where(eq(schema.artistProfiles.userId, who.user.id)),
      ).toEqual([]);
      expect(await deps.storage.list(`signatures/${who.user.id}/`)).toEqual([]);
    });

    it('with a name, sets it (normalised) together with the artist role', async () => {
      const who = await signInAs(deps);
      const input = { contactEmail: 'me@art.test', signature, displayName: '  Zoe\u0308   Park ' };
      expect((await mutate(who, 'artists.submitApplication', input)).status).toBe(200);
      expect(await userRow(who.user.id)).toMatchObject({ role: 'artist', displayName: 'Zo\u00EB Park' });
    });
  });

  describe('of a style', () => {
    const valid = { name: 'Soft Watercolor', description: '', tags: [], priceTokens: 5 };
    const styles = async () => db().select().from(schema.styles).orderBy(asc(schema.styles.id));

    it.each(HOSTILE_NAMES)(
      'with %s is refused on create and on update, writing nothing',
      async (_n, name, rule) => {
        const artist = await signInAs(deps, { role: 'artist' });
        const created = await mutate(artist, 'styles.create', valid);
        expect(created.status).toBe(200);
        const before = await styles();
        expectRefused(await mutate(artist, 'styles.create', { ...valid, name }), 'name', rule);
        const styleId = (created.data as { id: string }).id;
        expectRefused(await mutate(artist, 'styles.update', { styleId, name, priceTokens: 9 }), 'name', rule);
        expect(await styles()).toEqual(before);
      },
    );

    it('is stored NFC, trimmed and single-spaced', async () => {
      const artist = await signInAs(deps, { role: 'artist' });
      const res = await mutate(artist, 'styles.create', { ...valid, name: ' Zoe\u0308   Wash ' });
      expect(res.data).toMatchObject({ name: 'Zo\u00EB Wash' });
    });
  });
});
