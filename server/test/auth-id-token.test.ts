import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { Browser } from './browser';
import { startScriptedIdp } from './fixtures/scripted-idp';
import { startTestServer } from './support';

/**
 * The Google configuration path (client id and secret set, issuer pointed at a scripted provider):
 * ID tokens that are expired or meant for another client are refused and create nothing.
 */
describe('ID-token verification on the Google path', () => {
  let idp: Awaited<ReturnType<typeof startScriptedIdp>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    idp = await startScriptedIdp('style-license-google-client');
    server = await startTestServer({
      GOOGLE_CLIENT_ID: 'style-license-google-client',
      GOOGLE_CLIENT_SECRET: 'test-secret',
      OIDC_ISSUER: idp.issuer,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await idp?.close();
  });

  const counts = async () => ({
    users: (await server.db.select({ n: count() }).from(schema.users))[0]!.n,
    sessions: (await server.db.select({ n: count() }).from(schema.sessions))[0]!.n,
  });

  const signIn = async () => {
    const browser = new Browser();
    // Follow through the provider and our callback, stopping before the final page.
    const hop = await browser.follow(`${server.base}/auth/signin`, (l) => l === `${server.base}/`);
    return { browser, hop };
  };

  it('does not serve the development provider when Google is configured', async () => {
    const res = await new Browser().request(`${server.base}/dev-idp/.well-known/openid-configuration`);
    expect(res.status, res.body).toBe(404);
  });

  it('accepts a valid ID token from the configured issuer', async () => {
    idp.setScript({});
    const { hop } = await signIn();
    expect(hop.status).toBe(302);
    expect(hop.location).toBe(`${server.base}/`);
    expect((await counts()).users).toBe(1);
  });

  it.each([
    ['an expired ID token', { expiresIn: -3600, issuedAt: -7200 }, /claim: exp/],
    ['an ID token for another client (foreign audience)', { aud: 'someone-elses-client' }, /claim: aud/],
    ['an ID token with a nonce from another sign-in', { nonce: 'a-nonce-we-never-sent' }, /claim: nonce/],
  ])('refuses %s, creating nothing', async (_name, script, reason) => {
    idp.setScript(script);
    const before = await counts();
    const { hop } = await signIn();
    expect(hop.status).toBe(401);
    const body = JSON.parse(hop.body);
    expect(body.code).toBe('UNAUTHORIZED');
    expect(JSON.stringify(body.details)).toMatch(reason);
    expect(await counts()).toEqual(before);
  });
});
