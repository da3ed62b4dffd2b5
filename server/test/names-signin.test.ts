/**
 * Names from the identity provider (issue 11, defect 3): nobody typed them here, so they are cleaned to
 * the name rule instead of refused, and no name a provider sends can make sign-in fail.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import { nameProblems } from '@style-license/shared';
import { HOSTILE_NAMES } from '../../shared/test/hostile-names';
import { upsertUser } from '../src/domains/auth/flows';
import { Browser } from './browser';
import { signInThroughDevProvider } from './dev-signin';
import { startTestServer } from './support';

describe('a name from the identity provider', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let n = 0;
  beforeAll(async () => {
    server = await startTestServer({ SIGNIN_RATE_LIMIT: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Signs in with `name` through the development provider, to the end of the callback. */
  async function signIn(name: string, email = `signin-${++n}@example.test`) {
    const browser = new Browser();
    const toCallback = await signInThroughDevProvider(server, browser, { name, email });
    const callback = await browser.request(toCallback.location!);
    const [user] = await server.db.select().from(schema.users).where(eq(schema.users.email, email));
    return { callback, user };
  }

  it.each(HOSTILE_NAMES)('with %s signs in and is stored cleaned to the name rule', async (_n, name) => {
    const { callback, user } = await signIn(name);
    expect(callback.status, callback.body).toBe(302);
    expect(user).toBeDefined();
    expect(nameProblems(user!.displayName)).toEqual([]);
    expect(user!.displayName).toBe(user!.displayName.normalize('NFC').trim());
  });

  it('with a NUL byte no longer breaks /auth/callback, the first time or any later time', async () => {
    const email = 'nul@example.test';
    const first = await signIn('Mira\u0000Quill', email);
    expect(first.callback.status, first.callback.body).toBe(302);
    expect(first.user!.displayName).toBe('MiraQuill');
    const again = await signIn('Mira\u0000Quill', email);
    expect(again.callback.status).toBe(302);
    expect(again.user!.id).toBe(first.user!.id);
  });

  it.each([
    ['line breaks become spaces', 'Mira\r\nQuill', 'Mira Quill'],
    ['XML-looking text loses its brackets', '<x:xmpmeta>Mira</x:xmpmeta>', 'x:xmpmeta Mira /x:xmpmeta'],
    ['a direction override is dropped', 'r\u202Eevil', 'revil'],
    ['a zero-width space is dropped', 'Mira\u200B Quill', 'Mira Quill'],
    ['a noncharacter is dropped', 'Mira\uFFFE', 'Mira'],
    ['a URL is dropped', 'Mira https://evil.example/l', 'Mira'],
    ['a UUID is dropped', 'Mira 11111111-1111-1111-1111-111111111111', 'Mira'],
    ['an emoji is kept whole', 'Mina 👩‍🎨', 'Mina 👩‍🎨'],
  ])('keeps the rest when %s', async (_n, name, stored) => {
    expect((await signIn(name)).user!.displayName).toBe(stored);
  });

  it("falls back to the email's local part, then to a fixed name, when nothing usable is left", async () => {
    expect((await signIn('\u200B\u3164', 'mira-quill@example.test')).user!.displayName).toBe('mira-quill');
    const id = '11111111-1111-1111-1111-111111111111';
    expect((await signIn('https://evil.example', `${id}@example.test`)).user!.displayName).toBe('User');
  });

  describe('as the flow stores it (claims the development provider cannot send)', () => {
    const claims = (name: string, picture: string | null = null) => ({
      sub: `claims-${++n}`,
      email: `claims-${n}@example.test`,
      name,
      picture,
    });

    it('is cut at a grapheme boundary: an emoji at the limit is dropped whole, never split into U+FFFD', async () => {
      const user = await upsertUser(server.db, claims(`${'x'.repeat(58)}👩‍🎨`)); // 58 + 3 code points
      expect(user.displayName).toBe('x'.repeat(58));
      const fits = await upsertUser(server.db, claims(`${'x'.repeat(57)}👩‍🎨`));
      expect(fits.displayName).toBe(`${'x'.repeat(57)}👩‍🎨`);
    });

    it('keeps an https picture, percent-encoded (a NUL in it cannot break sign-in), and drops any other', async () => {
      const https = 'https://lh3.googleusercontent.com/a/photo';
      expect((await upsertUser(server.db, claims('A', https))).avatarUrl).toBe(https);
      expect((await upsertUser(server.db, claims('B', 'javascript:alert(1)'))).avatarUrl).toBeNull();
      expect((await upsertUser(server.db, claims('C', 'https://x.test/a\u0000b'))).avatarUrl).toBe(
        'https://x.test/a%00b',
      );
    });
  });
});
