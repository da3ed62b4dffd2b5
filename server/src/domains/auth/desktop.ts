/**
 * Desktop sign-in (RFC 8252, OAuth for native apps): the studio opens the system browser at
 * /auth/desktop/start with its own PKCE challenge and a loopback redirect; after sign-in the server
 * redirects there with a one-time code, which the studio exchanges, with its verifier, for a desktop
 * session token. A code works once, for two minutes, and only with the matching verifier.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from '@style-license/db';
import { AppError } from '@style-license/shared';
import { newSecret, pkceChallenge, sha256Hex } from '../../security/tokens';
import { createSession } from './sessions';

const { desktopAuthCodes } = schema;
const CODE_TTL_MS = 2 * 60 * 1000;
const BASE64URL_43_128 = /^[A-Za-z0-9_-]{43,128}$/;

/** Only loopback IP literals (RFC 8252 §7.3, §8.3): never `localhost`, never another host. */
function isLoopbackCallback(value: string): boolean {
  try {
    const url = new URL(value);
    const host = url.hostname;
    return (
      url.protocol === 'http:' &&
      (host === '127.0.0.1' || host === '[::1]') &&
      url.port !== '' &&
      url.pathname === '/callback' &&
      url.username === '' &&
      url.password === '' &&
      url.hash === ''
    );
  } catch {
    return false;
  }
}

export const desktopStartSchema = z.object({
  code_challenge: z.string().regex(BASE64URL_43_128, 'must be a base64url S256 challenge'),
  code_challenge_method: z.literal('S256'),
  redirect_uri: z.string().refine(isLoopbackCallback, 'must be http://127.0.0.1:<port>/callback'),
  state: z.string().min(8).max(200),
});

export const desktopTokenSchema = z.object({
  code: z.string().min(1).max(200),
  code_verifier: z.string().regex(BASE64URL_43_128, 'must be a PKCE verifier (43–128 characters)'),
  /** Shown in the web's list of signed-in devices. */
  device_name: z.string().trim().min(1).max(80).optional(),
});

/** Issues the one-time code and returns the loopback URL to redirect the browser to. */
export async function issueDesktopCode(
  db: Db,
  input: { userId: string; challenge: string; redirectUri: string; appState: string },
): Promise<URL> {
  const code = newSecret();
  await db.insert(desktopAuthCodes).values({
    codeHash: sha256Hex(code),
    userId: input.userId,
    codeChallenge: input.challenge,
    redirectUri: input.redirectUri,
    expiresAt: new Date(Date.now() + CODE_TTL_MS),
  });
  const target = new URL(input.redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('state', input.appState);
  return target;
}

const refuse = (message: string, rule: string) =>
  new AppError('UNAUTHORIZED', message, { details: [{ rule, message }] });

/**
 * Exchanges a code for a desktop session. Any attempt uses the code up, right or wrong: someone who
 * intercepted it gets one guess at the verifier, not many.
 */
export async function exchangeDesktopCode(
  db: Db,
  input: z.infer<typeof desktopTokenSchema>,
  ttlDays: number,
): Promise<{ token: string; expiresAt: Date }> {
  const [code] = await db
    .update(desktopAuthCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(desktopAuthCodes.codeHash, sha256Hex(input.code)), isNull(desktopAuthCodes.usedAt)))
    .returning();
  if (!code) throw refuse('Unknown or already used code', 'code');
  if (code.expiresAt.getTime() <= Date.now()) throw refuse('The code has expired', 'expired');
  if (pkceChallenge(input.code_verifier) !== code.codeChallenge) throw refuse('Wrong code verifier', 'pkce');
  const { token, session } = await createSession(db, {
    userId: code.userId,
    kind: 'desktop',
    ttlDays,
    label: input.device_name ?? 'Style License Studio',
  });
  return { token, expiresAt: session.expiresAt };
}
