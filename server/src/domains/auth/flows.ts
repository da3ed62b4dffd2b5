/**
 * Sign-in flows. Starting one stores its OpenID secrets server-side, bound to the starting browser by
 * a cookie; completing it accepts each flow once, from that browser, before it expires. The first
 * sign-in of a Google subject creates the user and an empty wallet in one transaction.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  DISPLAY_NAME_MAX,
  avatarUrlSchema,
  sanitiseName,
  type SessionKind,
} from '@style-license/shared';
import { newSecret, sha256Hex } from '../../security/tokens';
import type { IdentityClaims, OidcClient } from './oidc';

const { authFlows, users, wallets } = schema;
const FLOW_TTL_MS = 10 * 60 * 1000;

export interface DesktopRequest {
  challenge: string;
  redirectUri: string;
  appState: string;
}

export type FlowRow = typeof authFlows.$inferSelect;

export async function startSignIn(
  db: Db,
  oidc: OidcClient,
  input: { kind: SessionKind; returnTo?: string; desktop?: DesktopRequest },
): Promise<{ authorizationUrl: URL; bindingToken: string }> {
  const secrets = { state: newSecret(), nonce: newSecret(), codeVerifier: newSecret() };
  const bindingToken = newSecret();
  const authorizationUrl = await oidc.authorizationUrl(secrets);
  await db.insert(authFlows).values({
    stateHash: sha256Hex(secrets.state),
    browserBindingHash: sha256Hex(bindingToken),
    nonce: secrets.nonce,
    codeVerifier: secrets.codeVerifier,
    kind: input.kind,
    returnTo: input.returnTo ?? '/',
    desktopChallenge: input.desktop?.challenge,
    desktopRedirectUri: input.desktop?.redirectUri,
    desktopState: input.desktop?.appState,
    expiresAt: new Date(Date.now() + FLOW_TTL_MS),
  });
  return { authorizationUrl, bindingToken };
}

const refuse = (message: string, rule: string) =>
  new AppError('UNAUTHORIZED', message, { details: [{ rule, message }] });

/** Claims the flow named by the callback's `state` for this browser; a flow can be claimed once. */
async function claimFlow(db: Db, state: string | null, bindingToken: string | undefined): Promise<FlowRow> {
  if (!state) throw refuse('The sign-in response has no state', 'state');
  const [flow] = await db
    .select()
    .from(authFlows)
    .where(eq(authFlows.stateHash, sha256Hex(state)));
  if (!flow) throw refuse('Unknown or tampered sign-in state', 'state');
  if (flow.usedAt) throw refuse('This sign-in response was already used', 'replayed');
  if (!bindingToken || sha256Hex(bindingToken) !== flow.browserBindingHash) {
    throw refuse('This sign-in was started in another browser', 'browser_binding');
  }
  if (flow.expiresAt.getTime() <= Date.now())
    throw refuse('This sign-in has expired; start again', 'expired');
  // Marking it used is the atomic step: of two concurrent replays only one update matches.
  const claimed = await db
    .update(authFlows)
    .set({ usedAt: new Date() })
    .where(and(eq(authFlows.id, flow.id), isNull(authFlows.usedAt)))
    .returning({ id: authFlows.id });
  if (claimed.length === 0) throw refuse('This sign-in response was already used', 'replayed');
  return flow;
}

/** Shown when neither the provider's name nor the email's local part leaves anything usable. */
const FALLBACK_DISPLAY_NAME = 'User';

/**
 * The provider's claims as this platform may store them. Nobody typed them here, so nothing is refused:
 * the name is cleaned to the name rule (a NUL, a line break or markup in it must never lock its owner out
 * of sign-in), falling back to the email's local part; a picture that is not an https URL is dropped.
 */
function profileFromClaims(identity: IdentityClaims): {
  displayName: string;
  avatarUrl: string | null;
} {
  const localPart = identity.email.split('@')[0] ?? '';
  const displayName =
    sanitiseName(identity.name, DISPLAY_NAME_MAX) ||
    sanitiseName(localPart, DISPLAY_NAME_MAX) ||
    FALLBACK_DISPLAY_NAME;
  const picture = avatarUrlSchema.safeParse(identity.picture);
  return { displayName, avatarUrl: picture.success ? picture.data : null };
}

/** Finds the user by Google subject, creating user and wallet together on first sign-in. */
export async function upsertUser(db: Db, identity: IdentityClaims) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.googleSub, identity.sub));
    if (existing) {
      // The email may change at Google; the display name and avatar are the user's own to edit here.
      if (existing.email === identity.email) return existing;
      const [updated] = await tx
        .update(users)
        .set({ email: identity.email, updatedAt: new Date() })
        .where(eq(users.id, existing.id))
        .returning();
      return updated!;
    }
    const [created] = await tx
      .insert(users)
      .values({
        googleSub: identity.sub,
        email: identity.email,
        ...profileFromClaims(identity),
      })
      .returning();
    await tx.insert(wallets).values({ userId: created!.id });
    return created!;
  });
}

export async function completeSignIn(
  db: Db,
  oidc: OidcClient,
  input: { callbackUrl: URL; bindingToken: string | undefined },
) {
  const flow = await claimFlow(db, input.callbackUrl.searchParams.get('state'), input.bindingToken);
  const identity = await oidc.exchange(input.callbackUrl, {
    state: input.callbackUrl.searchParams.get('state')!,
    nonce: flow.nonce,
    codeVerifier: flow.codeVerifier,
  });
  return { flow, user: await upsertUser(db, identity) };
}
