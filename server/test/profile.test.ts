import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { buildApp } from '../src/app';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

describe('profile', () => {
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

  const update = (headers: Record<string, string>, input: unknown) =>
    callTrpc(app, 'profile.update', { mutation: true, headers, input });
  const userRow = async (id: string) =>
    (await deps.database.db.select().from(schema.users).where(eq(schema.users.id, id)))[0]!;

  it('returns the signed-in user, with no artist data for a non-artist', async () => {
    const who = await signInAs(deps);
    const res = await callTrpc(app, 'profile.get', { headers: who.browser });
    expect(res.data).toEqual({
      id: who.user.id,
      email: who.user.email,
      displayName: who.user.displayName,
      avatarUrl: null,
      locale: 'en',
      role: 'user',
      artist: null,
    });
  });

  it("includes an artist's own contact email and artist-since date", async () => {
    const who = await signInAs(deps, { role: 'artist' });
    const [row] = await deps.database.db
      .insert(schema.artistProfiles)
      .values({ userId: who.user.id, contactEmail: 'studio@art.test', signatureKey: 'signatures/x/y.png' })
      .returning();
    const res = await callTrpc(app, 'profile.get', { headers: who.browser });
    expect(res.data).toMatchObject({
      role: 'artist',
      artist: { contactEmail: 'studio@art.test', artistSince: row!.createdAt.toISOString() },
    });
  });

  it('updates name (trimmed), language and avatar, and auth.me shows them', async () => {
    const who = await signInAs(deps);
    const res = await update(who.browser, {
      displayName: '  김민지 Kim  ',
      locale: 'ko',
      avatarUrl: 'https://cdn.example.com/a.png',
    });
    expect(res.status).toBe(200);
    const me = await callTrpc(app, 'auth.me', { headers: who.browser });
    expect(me.data).toMatchObject({
      displayName: '김민지 Kim',
      locale: 'ko',
      avatarUrl: 'https://cdn.example.com/a.png',
    });
  });

  it('changes only the fields given, and clears the avatar with null', async () => {
    const who = await signInAs(deps);
    await update(who.browser, { avatarUrl: 'https://cdn.example.com/a.png' });
    await update(who.browser, { locale: 'ko' });
    expect(await userRow(who.user.id)).toMatchObject({
      displayName: who.user.displayName,
      locale: 'ko',
      avatarUrl: 'https://cdn.example.com/a.png',
    });
    await update(who.browser, { avatarUrl: null });
    expect((await userRow(who.user.id)).avatarUrl).toBeNull();
  });

  it.each([
    ['HTML in the name', { displayName: '<img src=x onerror=alert(1)>' }, 'displayName'],
    ['a name of spaces only', { displayName: '   ' }, 'displayName'],
    ['a name over 60 characters', { displayName: 'x'.repeat(61) }, 'displayName'],
    ['a control character in the name', { displayName: 'a\u0007b' }, 'displayName'],
    ['an unknown language', { locale: 'fr' }, 'locale'],
    ['an http avatar', { avatarUrl: 'http://cdn.example.com/a.png' }, 'avatarUrl'],
    ['a javascript: avatar', { avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
    ['an avatar on an IP address', { avatarUrl: 'https://10.0.0.1/a.png' }, 'avatarUrl'],
    ['an attempt to set the role', { role: 'artist' }, ''],
  ])('refuses %s with VALIDATION_FAILED and leaves the row unchanged', async (_name, input, path) => {
    const who = await signInAs(deps);
    const res = await update(who.browser, input);
    expect(res.status).toBe(400);
    const data = res.error!.data as { code: string; details: { path: string }[] };
    expect(data.code).toBe('VALIDATION_FAILED');
    expect(data.details[0]).toMatchObject({ path });
    expect(await userRow(who.user.id)).toEqual(who.user);
  });

  it('needs a session (UNAUTHORIZED) and, from a browser, the CSRF header (FORBIDDEN)', async () => {
    expect((await callTrpc(app, 'profile.get')).error?.data.code).toBe('UNAUTHORIZED');
    const anonymous = await update({ 'x-style-license-csrf': '1' }, { locale: 'ko' });
    expect(anonymous.error?.data.code).toBe('UNAUTHORIZED');
    const who = await signInAs(deps);
    const { cookie } = who.browser;
    expect((await update({ cookie }, { locale: 'ko' })).error?.data.code).toBe('FORBIDDEN');
    expect(await userRow(who.user.id)).toEqual(who.user);
  });
});
