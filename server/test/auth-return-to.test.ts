import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnPath } from '../src/domains/auth/return-to';
import { Browser } from './browser';
import { startTestServer } from './support';

const SITE = 'http://127.0.0.1:3000';

/** Values as the route receives them (the query string already decoded once). */
const BYPASSES: [string, unknown][] = [
  ['tab (read as //evil.example)', '/\t/evil.example'],
  ['newline (a 500 once the session existed)', '/\n/evil.example'],
  ['carriage return', '/\r/evil.example'],
  ['NUL', '/\u0000/evil.example'],
  ['DEL', '/\u007f/evil.example'],
  ['protocol-relative', '//evil.example'],
  ['three slashes', '///evil.example'],
  ['backslash', '/\\evil.example'],
  ['slash backslash', '/\\/evil.example'],
  ['absolute URL', 'https://evil.example/'],
  ['scheme without slashes', 'http:evil.example'],
  ['javascript:', 'javascript:alert(1)'],
  ['bare host', 'evil.example'],
  ['empty', ''],
  ['leading space', ' /studio'],
  ['dot segment to //', '/.//evil.example'],
  ['dot-dot segment to //', '/..//evil.example'],
  ['encoded dot-dot to //', '/%2e%2e//evil.example'],
  ['climbing past the root', '/a/../..//evil.example'],
  ['encoded slashes', '/%2F%2Fevil.example'],
  ['encoded backslash', '/%5Cevil.example'],
  ['encoded tab', '/%09/evil.example'],
  ['encoded newline', '/%0A/evil.example'],
  ['too long', `/${'a'.repeat(500)}`],
  ['not a string (repeated parameter)', ['/a', '/b']],
  ['absent', undefined],
];

describe('returnTo after sign-in stays on this site', () => {
  it.each(BYPASSES)('%s falls back to /', (_name, value) => {
    expect(safeReturnPath(value, SITE)).toBe('/');
  });

  it('keeps on-site paths with their query and fragment, in their serialised form', () => {
    expect(safeReturnPath('/studio', SITE)).toBe('/studio');
    expect(safeReturnPath('/styles/abc?tab=samples&from=%2Fhome#top', SITE)).toBe(
      '/styles/abc?tab=samples&from=%2Fhome#top',
    );
    expect(safeReturnPath('/a/./b/../c', SITE)).toBe('/a/c');
    expect(safeReturnPath('/검색 결과', SITE)).toBe('/%EA%B2%80%EC%83%89%20%EA%B2%B0%EA%B3%BC');
    expect(safeReturnPath('/@evil.example', SITE)).toBe('/@evil.example');
  });
});

describe('returnTo over real HTTP, through the development provider', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ SIGNIN_RATE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Signs in starting from `/auth/signin?returnTo=<rawQueryValue>`; returns where the callback sends the browser. */
  async function landAfterSignIn(rawQueryValue: string) {
    const browser = new Browser();
    const login = await browser.follow(`${server.base}/auth/signin?returnTo=${rawQueryValue}`);
    expect(login.status).toBe(200);
    const submitted = await browser.request(login.url, {
      form: { name: 'Mina Park', email: 'mina@example.test' },
    });
    const toCallback = await browser.follow(submitted.location!, (location) =>
      location.startsWith(`${server.base}/auth/callback`),
    );
    return browser.request(toCallback.location!);
  }

  it.each([
    '/%09/evil.example',
    '/%0A/evil.example',
    '/%0D%0ASet-Cookie:%20x=1',
    '/%2F%2Fevil.example',
    '/.//evil.example',
  ])('returnTo=%s signs in and lands on /', async (raw) => {
    const done = await landAfterSignIn(raw);
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${server.base}/`);
    const cookies = ([] as string[]).concat(done.headers['set-cookie'] ?? []);
    expect(cookies.some((c) => c.startsWith('x='))).toBe(false);
  });

  it('an on-site returnTo is honoured', async () => {
    const done = await landAfterSignIn(encodeURIComponent('/styles/abc?tab=samples'));
    expect(done.location).toBe(`${server.base}/styles/abc?tab=samples`);
  });
});
