/**
 * Sign-in through the system browser against the real server: the studio's loopback listener gets the
 * one-time code, exchanges it with its PKCE verifier, and the token it keeps works as a Bearer session.
 * A page that guesses the port with the wrong state cannot end the sign-in; an abandoned one times out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../../server/test/browser';
import { startTestServer } from '../../server/test/support';
import { signInThroughBrowser } from '../src/core/session';
import { createStudioOperations } from '../src/core/studio';
import { openStudioFixture, type StudioFixture } from './studio-fixtures';

/** The system browser: follows the platform's development sign-in as `email` up to the loopback. */
function systemBrowser(email: string, before?: (loopback: URL) => Promise<void>) {
  return async (url: string) => {
    const browser = new Browser();
    const login = await browser.follow(url);
    const submitted = await browser.request(login.url, { form: { name: 'Studio Artist', email } });
    const redirect = new URL(url).searchParams.get('redirect_uri')!;
    const hop = await browser.follow(submitted.location!, (l) => l.startsWith(redirect));
    const loopback = new URL(hop.location!);
    await before?.(loopback);
    void fetch(loopback); // the browser lands on the studio's page
  };
}

describe('studio sign-in through the system browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let fixture: StudioFixture;
  beforeAll(async () => {
    server = await startTestServer({ SIGNIN_RATE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await fixture?.close();
    await server?.stop();
  });

  it('keeps a working desktop token and can sign out again', async () => {
    fixture = await openStudioFixture({
      platformUrl: server.base,
      openExternal: systemBrowser('studio-sign-in@example.test'),
      deviceName: 'Test studio',
    });
    const ops = createStudioOperations(fixture.studio);
    expect(await ops.session(undefined)).toEqual({ signedIn: false, platformUrl: server.base });
    expect(await ops.signIn(undefined)).toMatchObject({ signedIn: true });
    const token = (await fixture.tokenStore.read())!;
    const me = await fetch(`${server.base}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { result: { data: { email: string } } }).result.data.email).toBe(
      'studio-sign-in@example.test',
    );
    await ops.signOut(undefined);
    expect(await fixture.tokenStore.read()).toBeNull();
    const after = await fetch(`${server.base}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await after.json()) as { result: { data: unknown } }).result.data).toBeNull();
  });

  it('ignores a loopback request with the wrong state and still finishes with the right one', async () => {
    let wrong = 0;
    const result = await signInThroughBrowser({
      platformUrl: server.base,
      openExternal: systemBrowser('studio-state@example.test', async (loopback) => {
        const forged = new URL(loopback);
        forged.searchParams.set('state', 'guessed-state');
        forged.searchParams.set('code', 'attacker-code');
        wrong = (await fetch(forged)).status;
      }),
    });
    expect(wrong).toBe(400);
    expect(result.token.length).toBeGreaterThan(20);
  });

  it('gives up when the browser never comes back', async () => {
    await expect(
      signInThroughBrowser({ platformUrl: server.base, openExternal: async () => {}, timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
