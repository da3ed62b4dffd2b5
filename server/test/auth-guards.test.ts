import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './browser';
import { signInAs, startTestServer } from './support';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('CSRF on browser mutations', () => {
  let server: Server;
  let alice: Awaited<ReturnType<typeof signInAs>>;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await signInAs(server.deps);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const signOutEverywhere = (headers: Record<string, string>) =>
    new Browser().request(`${server.base}/trpc/auth.signOutEverywhere`, { json: {}, headers });
  const me = async () =>
    JSON.parse(
      (
        await new Browser().request(`${server.base}/trpc/auth.me`, {
          headers: { cookie: alice.browser.cookie },
        })
      ).body,
    ).result.data;

  it('refuses a cookie-authenticated mutation without the custom header', async () => {
    const res = await signOutEverywhere({ cookie: alice.browser.cookie, origin: server.base });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.data.code).toBe('FORBIDDEN');
    expect(await me()).not.toBeNull();
  });

  it('refuses the same mutation from another Origin, even with the header', async () => {
    const res = await signOutEverywhere({ ...alice.browser, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(await me()).not.toBeNull();
  });

  it('lets queries through without the header (they change nothing)', async () => {
    expect(await me()).toMatchObject({ id: alice.user.id });
  });

  it('accepts the mutation with the header from our own origin', async () => {
    const res = await signOutEverywhere(alice.browser);
    expect(res.status).toBe(200);
    expect(await me()).toBeNull();
  });

  it('does not ask Bearer (desktop) requests for it: they carry no ambient credentials', async () => {
    const desktop = await signInAs(server.deps, { kind: 'desktop' });
    const res = await signOutEverywhere(desktop.bearer);
    expect(res.status).toBe(200);
  });
});

describe('sign-in rate limit', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses the sixth sign-in attempt from one IP within 5 minutes, with Retry-After; another IP is not affected', async () => {
    const from = new Browser('127.0.0.3');
    for (let i = 0; i < 5; i++) expect((await from.request(`${server.base}/auth/signin`)).status).toBe(302);
    const sixth = await from.request(`${server.base}/auth/signin`);
    expect(sixth.status).toBe(429);
    expect(JSON.parse(sixth.body).code).toBe('RATE_LIMITED');
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(250);
    expect(retryAfter).toBeLessThanOrEqual(300);
    // The desktop entrance shares the same budget.
    expect((await from.request(`${server.base}/auth/desktop/start`)).status).toBe(429);

    expect((await new Browser('127.0.0.4').request(`${server.base}/auth/signin`)).status).toBe(302);
  });
});
