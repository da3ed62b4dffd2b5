import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { Browser } from './browser';
import { signInThroughDevProvider } from './dev-signin';
import { startTestServer } from './support';

type Server = Awaited<ReturnType<typeof startTestServer>>;

const trpc = (
  server: Server,
  browser: Browser,
  path: string,
  mutation = false,
  headers: Record<string, string> = {},
) => browser.request(`${server.base}/trpc/${path}`, mutation ? { json: {}, headers } : { headers });

const csrf = (server: Server) => ({ 'x-style-license-csrf': '1', origin: server.base });

describe('web sign-in through the development OpenID provider, over real HTTP', () => {
  let server: Server;
  beforeAll(async () => {
    // Many sign-ins from one address here; the limit itself is tested in auth-guards.
    server = await startTestServer({ SIGNIN_RATE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const counts = async () => ({
    users: (await server.db.select({ n: count() }).from(schema.users))[0]!.n,
    sessions: (await server.db.select({ n: count() }).from(schema.sessions))[0]!.n,
  });

  it('signs in, sets a hardened session cookie, and `me` names the user; first sign-in creates a wallet', async () => {
    const browser = new Browser();
    const toCallback = await signInThroughDevProvider(server, browser);
    const done = await browser.request(toCallback.location!);
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${server.base}/studio`);

    const cookie = browser.cookies.get('sl_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite?.toLowerCase()).toBe('lax');
    expect(cookie.path).toBe('/');
    expect(cookie.maxAge).toBe(14 * 86_400);
    expect(cookie.secure).toBe(false); // Secure only in production (tests run over http)
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits

    const me = JSON.parse((await trpc(server, browser, 'auth.me')).body).result.data;
    expect(me).toMatchObject({
      email: 'mina@example.test',
      displayName: 'Mina Park',
      role: 'user',
      locale: 'en',
    });
    const [wallet] = await server.db.select().from(schema.wallets).where(eq(schema.wallets.userId, me.id));
    expect(wallet?.balance).toBe(0);
    // Only the hash of the token is stored.
    const stored = await server.db.select().from(schema.sessions).where(eq(schema.sessions.userId, me.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(cookie.value);
  });

  it('keys users by the provider subject: signing in again reuses the same user', async () => {
    const before = await counts();
    const browser = new Browser();
    const toCallback = await signInThroughDevProvider(server, browser);
    await browser.request(toCallback.location!);
    const after = await counts();
    expect(after.users).toBe(before.users);
    expect(after.sessions).toBe(before.sessions + 1);
  });

  it('signs out: the session row is gone and the cookie no longer works', async () => {
    const browser = new Browser();
    await browser.request((await signInThroughDevProvider(server, browser)).location!);
    const token = browser.cookies.get('sl_session')!.value;
    const out = await trpc(server, browser, 'auth.signOut', true, csrf(server));
    expect(out.status).toBe(200);
    expect(browser.cookies.has('sl_session')).toBe(false);
    const replay = new Browser();
    replay.cookies.set('sl_session', {
      name: 'sl_session',
      value: token,
      path: '/',
      httpOnly: true,
      secure: false,
      sameSite: 'Lax',
      maxAge: undefined,
    });
    expect(JSON.parse((await trpc(server, replay, 'auth.me')).body).result.data).toBeNull();
  });

  it('honours session expiry', async () => {
    const browser = new Browser();
    await browser.request((await signInThroughDevProvider(server, browser)).location!);
    const me = JSON.parse((await trpc(server, browser, 'auth.me')).body).result.data;
    await server.db
      .update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.sessions.userId, me.id));
    expect(JSON.parse((await trpc(server, browser, 'auth.me')).body).result.data).toBeNull();
    const denied = await trpc(server, browser, 'auth.sessions');
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body).error.data.code).toBe('UNAUTHORIZED');
  });

  describe('refuses bad callbacks, creating no user and no session, logged at warn', () => {
    const expectRefused = async (hop: { status: number; body: string }, rule: string) => {
      expect(hop.status).toBe(401);
      const body = JSON.parse(hop.body);
      expect(body.code).toBe('UNAUTHORIZED');
      expect(JSON.stringify(body.details)).toContain(rule);
    };

    it('a tampered state', async () => {
      const browser = new Browser();
      const toCallback = await signInThroughDevProvider(server, browser, {
        name: 'T',
        email: 'tampered@example.test',
      });
      const before = await counts();
      const tampered = new URL(toCallback.location!);
      tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
      await expectRefused(await browser.request(tampered.href), 'state');
      expect(await counts()).toEqual(before);
      expect(server.captured.lines.some((l) => l.level === 40 && String(l.msg).includes('refused'))).toBe(
        true,
      );
    });

    it('a replayed state', async () => {
      const browser = new Browser();
      const toCallback = await signInThroughDevProvider(server, browser, {
        name: 'R',
        email: 'replay@example.test',
      });
      expect((await browser.request(toCallback.location!)).status).toBe(302);
      const after = await counts();
      const replay = await browser.request(toCallback.location!);
      await expectRefused(replay, 'replayed');
      expect(await counts()).toEqual(after);
    });

    it('a callback arriving in a different browser than the one that started', async () => {
      const browser = new Browser();
      const toCallback = await signInThroughDevProvider(server, browser, {
        name: 'X',
        email: 'other@example.test',
      });
      const before = await counts();
      await expectRefused(await new Browser().request(toCallback.location!), 'browser_binding');
      expect(await counts()).toEqual(before);
    });

    it('a wrong nonce in the ID token', async () => {
      const browser = new Browser();
      const toCallback = await signInThroughDevProvider(server, browser, {
        name: 'N',
        email: 'nonce@example.test',
      });
      await server.db.update(schema.authFlows).set({ nonce: 'not-the-nonce-the-provider-saw' });
      const before = await counts();
      await expectRefused(await browser.request(toCallback.location!), 'nonce');
      expect(await counts()).toEqual(before);
      const [user] = await server.db
        .select()
        .from(schema.users)
        .where(eq(schema.users.email, 'nonce@example.test'));
      expect(user).toBeUndefined();
    });
  });
});
