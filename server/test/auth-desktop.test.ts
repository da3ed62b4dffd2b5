import { createHash, randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { Browser } from './browser';
import { startTestServer } from './support';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** What the studio does: a PKCE pair, a loopback redirect, and its own state. */
function desktopRequest() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('hex');
  const redirectUri = 'http://127.0.0.1:53123/callback';
  const query = new URLSearchParams({
    code_challenge: challenge,
    code_challenge_method: 'S256',
    redirect_uri: redirectUri,
    state,
  });
  return { verifier, state, redirectUri, query };
}

/** Runs the browser part and returns the loopback URL the studio would receive. */
async function browserPart(server: Server, query: URLSearchParams, email = 'studio@example.test') {
  const browser = new Browser();
  const login = await browser.follow(`${server.base}/auth/desktop/start?${query}`);
  expect(login.body).toContain('Development sign-in');
  const submitted = await browser.request(login.url, { form: { name: 'Studio Artist', email } });
  const toLoopback = await browser.follow(submitted.location!, (l) =>
    l.startsWith('http://127.0.0.1:53123/'),
  );
  return new URL(toLoopback.location!);
}

describe('desktop sign-in (RFC 8252 loopback + PKCE)', () => {
  let server: Server;
  beforeAll(async () => {
    // Many sign-ins from one address here; the limit itself is tested in auth-guards.
    server = await startTestServer({ SIGNIN_RATE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const exchange = (body: Record<string, string>) =>
    new Browser().request(`${server.base}/auth/desktop/token`, { json: body });
  const desktopSessions = async () =>
    (
      await server.db.select({ n: count() }).from(schema.sessions).where(eq(schema.sessions.kind, 'desktop'))
    )[0]!.n;

  it('redirects to the loopback with a one-time code and the app state, exchanged for a Bearer token', async () => {
    const { verifier, state, query } = desktopRequest();
    const loopback = await browserPart(server, query);
    expect(loopback.origin + loopback.pathname).toBe('http://127.0.0.1:53123/callback');
    expect(loopback.searchParams.get('state')).toBe(state);

    const res = await exchange({
      code: loopback.searchParams.get('code')!,
      code_verifier: verifier,
      device_name: 'Mina’s laptop',
    });
    expect(res.status).toBe(200);
    const { access_token, token_type } = JSON.parse(res.body);
    expect(token_type).toBe('Bearer');

    const me = await new Browser().request(`${server.base}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(JSON.parse(me.body).result.data.email).toBe('studio@example.test');
    // Listed and revocable from the web.
    const sessions = await new Browser().request(`${server.base}/trpc/auth.sessions`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    const listed = JSON.parse(sessions.body).result.data as { id: string; kind: string; label: string }[];
    expect(listed).toContainEqual(expect.objectContaining({ kind: 'desktop', label: 'Mina’s laptop' }));
  });

  it('refuses a reused code, and the first exchange stays the only session', async () => {
    const { verifier, query } = desktopRequest();
    const code = (await browserPart(server, query)).searchParams.get('code')!;
    expect((await exchange({ code, code_verifier: verifier })).status).toBe(200);
    const before = await desktopSessions();
    const again = await exchange({ code, code_verifier: verifier });
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body).code).toBe('UNAUTHORIZED');
    expect(await desktopSessions()).toBe(before);
  });

  it('refuses a wrong PKCE verifier and burns the code, creating no session', async () => {
    const { verifier, query } = desktopRequest();
    const code = (await browserPart(server, query)).searchParams.get('code')!;
    const before = await desktopSessions();
    const wrong = await exchange({ code, code_verifier: randomBytes(32).toString('base64url') });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(JSON.parse(wrong.body).details)).toContain('pkce');
    // Even the right verifier is too late now: an interceptor gets one guess, not many.
    expect((await exchange({ code, code_verifier: verifier })).status).toBe(401);
    expect(await desktopSessions()).toBe(before);
  });

  it.each([
    ['a non-loopback redirect', { redirect_uri: 'http://evil.example/callback' }],
    ['localhost instead of an IP literal', { redirect_uri: 'http://localhost:53123/callback' }],
    ['a plain challenge method', { code_challenge_method: 'plain' }],
    ['a short challenge', { code_challenge: 'abc' }],
  ])('refuses to start with %s', async (_name, change) => {
    const { query } = desktopRequest();
    for (const [k, v] of Object.entries(change)) query.set(k, v);
    const res = await new Browser('127.0.0.5').request(`${server.base}/auth/desktop/start?${query}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).code).toBe('VALIDATION_FAILED');
  });

  it('revokes a desktop token from the web', async () => {
    const { verifier, query } = desktopRequest();
    const code = (await browserPart(server, query, 'revoke@example.test')).searchParams.get('code')!;
    const { access_token } = JSON.parse((await exchange({ code, code_verifier: verifier })).body);
    const bearer = { authorization: `Bearer ${access_token}` };
    const listed = JSON.parse(
      (await new Browser().request(`${server.base}/trpc/auth.sessions`, { headers: bearer })).body,
    ).result.data;
    const desktop = listed.find((s: { kind: string }) => s.kind === 'desktop');
    // The web session of the same user revokes it (a web browser signs in first).
    const web = new Browser();
    const login = await web.follow(`${server.base}/auth/signin`);
    const done = await web.request(login.url, {
      form: { name: 'Studio Artist', email: 'revoke@example.test' },
    });
    await web.follow(done.location!);
    const revoked = await web.request(`${server.base}/trpc/auth.revokeSession`, {
      json: { sessionId: desktop.id },
      headers: { 'x-style-license-csrf': '1', origin: server.base },
    });
    expect(revoked.status).toBe(200);
    const after = await new Browser().request(`${server.base}/trpc/auth.me`, { headers: bearer });
    expect(JSON.parse(after.body).result.data).toBeNull();
  });
});
