/**
 * The authorization matrix's specification (issue 16, item 7): who may call each tRPC procedure and each
 * HTTP route, and what everyone else gets. authorization-matrix.test.ts enumerates the procedures from
 * `appRouter` and the routes from Fastify, and fails on one missing here or listed here but gone.
 *
 * The truth is the services' own rules, read from them: a caller who may not see a resource usually gets
 * the same NOT_FOUND as for one that does not exist (generations, images, comments, purchases, sessions,
 * notifications); styles are the exception, FORBIDDEN to another artist (styles/service.ts lockOwnStyle,
 * training/style-access.ts loadOwnStyle: ids are unguessable, and the owner check came from the issue).
 *
 * Callers: `anonymous` (no session, but a same-origin browser with the CSRF header, so only identity
 * decides); `otherBuyer` (a signed-in non-artist, a second account owning nothing named here);
 * `otherArtist` (an artist owning nothing named here); `owner` (whose resource the input names).
 * A case whose input names a resource is also called by an allowed caller (its owner, when it has one)
 * with every id in that input replaced by a well-formed uuid that names nothing: NOT_FOUND unless the
 * case says otherwise (`missing`).
 */
import type { InjectOptions } from 'fastify';

/** How a refused caller is answered (the error's `data.code`). */
export type Refusal = 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'LICENSE_REQUIRED';
/** `allowed`: anything but a refusal for who calls (a payment, conflict or validation answer is fine). */
export type Outcome = Refusal | 'allowed';
export const REFUSALS: readonly string[] = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'LICENSE_REQUIRED'];

export type Caller = 'anonymous' | 'otherBuyer' | 'otherArtist' | 'owner';

/**
 * - public: anyone, signed in or not;
 * - authed: any signed-in user (acting on their own account);
 * - artist: any artist (acting on their own account); a non-artist gets FORBIDDEN;
 * - owner: the resource's owner; any other signed-in user gets `refused`;
 * - artist-owner: the owning artist; a non-artist gets FORBIDDEN (role), another artist `refused`.
 */
export type Rule = 'public' | 'authed' | 'artist' | 'owner' | 'artist-owner';

/** The resources the suite makes before calling anything; the owners are two accounts of their own. */
export interface World {
  /** The artist who owns the three styles below (has an artist profile and a signature). */
  artistId: string;
  readyStyleId: string;
  draftStyleId: string;
  /** A draft kept for `styles.archive`, so archiving it leaves the others editable. */
  archivableStyleId: string;
  /** The buyer's images of readyStyle: both succeeded, one public, one private. */
  publicImageId: string;
  privateImageId: string;
  /** The buyer's comment on the public image. */
  commentId: string;
  /** The buyer's notification (the artist liked their public image). */
  notificationId: string;
  /** The buyer's pending development-checkout purchase. */
  purchaseId: string;
  /** A notification of a third user. */
  foreignNotificationId: string;
  /** A second session of the buyer (not the one the suite calls with). */
  spareSessionId: string;
  /** A signature every artist rule accepts, for the artist procedures that take one. */
  signature: { fileName: string; dataBase64: string };
  /** A signed GET link (path and query) to one of the buyer's stored files, and the key it names. */
  fileLink: string;
  fileKey: string;
  /** The server's public host (the sign-in entrance redirects any other to it first). */
  host: string;
}

export interface Case {
  /** Tells cases of one procedure apart in the report. */
  name?: string;
  rule: Rule;
  /** Whose resource the input names: the styles' artist or the images' buyer. */
  owner?: 'artist' | 'buyer';
  /** What a signed-in caller who is not the owner gets (rules owner and artist-owner). */
  refused?: Refusal;
  /** Anonymous's answer when not UNAUTHORIZED (a public procedure hiding a private resource). */
  anonymous?: Refusal;
  /** The answer to the same call naming ids that do not exist, when not NOT_FOUND. */
  missing?: Outcome;
  /** Answers that differ from what the rule implies, each with a comment saying why. */
  expect?: Partial<Record<Caller, Outcome>>;
  /** The call changes its caller (signs out, becomes an artist): every signed-in caller is a new account. */
  fresh?: true;
  /** A real authorization bug, reproduced: the test for this procedure is `it.fails` until it is fixed. */
  bug?: string;
  input?: (w: World) => unknown;
}

const idem = () => `authz-${Math.random().toString(36).slice(2, 12)}`;

export const PROCEDURES: Record<string, Case | Case[]> = {
  // ── health, auth, profile ─────────────────────────────────────────────────────────────────────────
  'health.check': { rule: 'public' },
  'auth.me': { rule: 'public' },
  'auth.signOut': { rule: 'authed', fresh: true },
  'auth.signOutEverywhere': { rule: 'authed', fresh: true },
  'auth.sessions': { rule: 'authed' },
  // Another user's session id is NOT_FOUND, the same as an unknown one (sessions.ts revokeSession).
  'auth.revokeSession': {
    rule: 'owner',
    owner: 'buyer',
    refused: 'NOT_FOUND',
    input: (w) => ({ sessionId: w.spareSessionId }),
  },
  'profile.get': { rule: 'authed' },
  'profile.update': { rule: 'authed', input: () => ({ locale: 'ko' }) },

  // ── artists ───────────────────────────────────────────────────────────────────────────────────────
  // Any signed-in user may apply; the callers are new accounts, since applying makes its caller an artist.
  'artists.submitApplication': {
    rule: 'authed',
    fresh: true,
    input: (w) => ({ contactEmail: 'studio@example.test', signature: w.signature }),
  },
  'artists.replaceSignature': { rule: 'artist', input: (w) => ({ signature: w.signature }) },
  'artists.mySignatureUrl': { rule: 'artist' },
  'artists.page': {
    rule: 'public',
    owner: 'artist',
    input: (w) => ({ artistId: w.artistId }),
  },

  // ── styles ────────────────────────────────────────────────────────────────────────────────────────
  'styles.create': {
    rule: 'artist',
    input: () => ({ name: 'Matrix Study', tags: ['portrait'], priceTokens: 5 }),
  },
  'styles.update': {
    rule: 'artist-owner',
    owner: 'artist',
    refused: 'FORBIDDEN',
    input: (w) => ({ styleId: w.draftStyleId, description: 'edited by the matrix' }),
  },
  'styles.archive': {
    rule: 'artist-owner',
    owner: 'artist',
    refused: 'FORBIDDEN',
    input: (w) => ({ styleId: w.archivableStyleId }),
  },
  'styles.mine': { rule: 'artist' },
  'styles.get': [
    {
      name: 'ready style',
      rule: 'public',
      owner: 'artist',
      input: (w) => ({ styleId: w.readyStyleId }),
    },
    // A style that is not ready exists for its artist only: the same NOT_FOUND as an unknown id.
    {
      name: 'draft style',
      rule: 'owner',
      owner: 'artist',
      anonymous: 'NOT_FOUND',
      refused: 'NOT_FOUND',
      input: (w) => ({ styleId: w.draftStyleId }),
    },
  ],
  // An unknown artist's styles are an empty page.
  'styles.search': { rule: 'public', missing: 'allowed', input: (w) => ({ artistId: w.artistId }) },
  'styles.popularTags': { rule: 'public' },

  // ── tokens ────────────────────────────────────────────────────────────────────────────────────────
  'tokens.balance': { rule: 'authed' },
  'tokens.history': { rule: 'authed', input: () => ({}) },

  // ── training (artist only, on their own styles: FORBIDDEN to another artist) ───────────────────────
  'training.requestUploads': {
    rule: 'artist-owner',
    owner: 'artist',
    refused: 'FORBIDDEN',
    input: (w) => ({
      styleId: w.draftStyleId,
      files: [{ fileName: 'a.png', byteSize: 1024, sha256: 'a'.repeat(64) }],
    }),
  },
  'training.confirmUploads': {
    rule: 'artist-owner',
    owner: 'artist',
    refused: 'FORBIDDEN',
    input: (w) => ({ styleId: w.draftStyleId, uploads: [{ uploadToken: 'not-a-grant', tags: [] }] }),
  },
  'training.images': {
    rule: 'artist-owner',
    owner: 'artist',
    refused: 'FORBIDDEN',
    input: (w) => ({ styleId: w.draftStyleId }),
  },
  // The owner is answered VALIDATION_FAILED (a draft without images): past authorization, nothing queued.
  'training.submit': {
    rule: 'artist-owner',
    owner: 'artist',
    refused: 'FORBIDDEN',
    input: (w) => ({ styleId: w.draftStyleId }),
  },
  'training.status': {
    rule: 'artist-owner',
    owner: 'artist',
    refused: 'FORBIDDEN',
    input: (w) => ({ styleId: w.draftStyleId }),
  },

  // ── generation ────────────────────────────────────────────────────────────────────────────────────
  // A preview that never refuses a signed-in caller: a style that is not ready (or none) has no price.
  'generation.quote': [
    { name: 'ready style', rule: 'authed', missing: 'allowed', input: (w) => ({ styleId: w.readyStyleId }) },
    { name: 'draft style', rule: 'authed', missing: 'allowed', input: (w) => ({ styleId: w.draftStyleId }) },
  ],
  // Anyone signed in may buy a ready style (the callers here have no tokens: PAYMENT_REQUIRED, not a
  // refusal of who they are); a style that is not ready is NOT_FOUND to all but its artist (CONFLICT).
  'generation.create': [
    {
      name: 'ready style',
      rule: 'authed',
      input: (w) => ({ styleId: w.readyStyleId, expectedPriceTokens: 10, idempotencyKey: idem() }),
    },
    {
      name: 'draft style',
      rule: 'owner',
      owner: 'artist',
      refused: 'NOT_FOUND',
      input: (w) => ({ styleId: w.draftStyleId, expectedPriceTokens: 10, idempotencyKey: idem() }),
    },
  ],
  'generation.get': [
    {
      name: 'public image',
      rule: 'public',
      owner: 'buyer',
      input: (w) => ({ generationId: w.publicImageId }),
    },
    {
      name: 'private image',
      rule: 'owner',
      owner: 'buyer',
      anonymous: 'NOT_FOUND',
      refused: 'NOT_FOUND',
      input: (w) => ({ generationId: w.privateImageId }),
    },
  ],
  'generation.mine': { rule: 'authed', input: () => ({}) },
  'generation.download': [
    // A public image is no secret, but its licensed file is its owner's: LICENSE_REQUIRED.
    {
      name: 'public image',
      rule: 'owner',
      owner: 'buyer',
      refused: 'LICENSE_REQUIRED',
      input: (w) => ({ generationId: w.publicImageId }),
    },
    {
      name: 'private image',
      rule: 'owner',
      owner: 'buyer',
      refused: 'NOT_FOUND',
      input: (w) => ({ generationId: w.privateImageId }),
    },
  ],

  // ── licenses ──────────────────────────────────────────────────────────────────────────────────────
  // Public by design: anyone holding a file or an id may check it; an unknown id is `genuine: false`.
  'licenses.verify': {
    rule: 'public',
    missing: 'allowed',
    input: (w) => ({ licenseId: w.publicImageId }),
  },

  // ── notifications (the caller's own) ──────────────────────────────────────────────────────────────
  'notifications.list': { rule: 'authed', input: () => ({}) },
  'notifications.unreadCount': { rule: 'authed' },
  'notifications.markRead': [
    // One id that is not the caller's (another user's, or none) is NOT_FOUND and marks nothing.
    {
      name: 'by id',
      rule: 'owner',
      owner: 'buyer',
      refused: 'NOT_FOUND',
      input: (w) => ({ ids: [w.notificationId] }),
    },
    // Even the owner is refused when one of the ids is someone else's, and nothing is marked.
    {
      name: "own and another's id",
      rule: 'owner',
      owner: 'buyer',
      refused: 'NOT_FOUND',
      expect: { owner: 'NOT_FOUND' },
      input: (w) => ({ ids: [w.notificationId, w.foreignNotificationId] }),
    },
    { name: 'all', rule: 'authed', input: () => ({ ids: 'all' }) },
  ],

  // ── gallery ───────────────────────────────────────────────────────────────────────────────────────
  'gallery.feed': [
    { name: 'everyone', rule: 'public', input: () => ({}) },
    { name: 'following', rule: 'authed', input: () => ({ following: true }) },
  ],
  'gallery.image': [
    {
      name: 'public image',
      rule: 'public',
      owner: 'buyer',
      input: (w) => ({ generationId: w.publicImageId }),
    },
    {
      name: 'private image',
      rule: 'owner',
      owner: 'buyer',
      anonymous: 'NOT_FOUND',
      refused: 'NOT_FOUND',
      input: (w) => ({ generationId: w.privateImageId }),
    },
  ],
  // Publishing (here: keeping it public) is its owner's; anyone else's image is NOT_FOUND.
  'gallery.update': {
    rule: 'owner',
    owner: 'buyer',
    refused: 'NOT_FOUND',
    input: (w) => ({ generationId: w.publicImageId, visibility: 'public' }),
  },

  // ── likes (public images only) ────────────────────────────────────────────────────────────────────
  'likes.add': [
    {
      name: 'public image',
      rule: 'authed',
      owner: 'buyer',
      input: (w) => ({ generationId: w.publicImageId }),
    },
    // Only public images can be liked: a private one is NOT_FOUND to everyone, its owner included.
    {
      name: 'private image',
      rule: 'owner',
      owner: 'buyer',
      refused: 'NOT_FOUND',
      expect: { owner: 'NOT_FOUND' },
      input: (w) => ({ generationId: w.privateImageId }),
    },
  ],
  'likes.remove': [
    {
      name: 'public image',
      rule: 'authed',
      owner: 'buyer',
      input: (w) => ({ generationId: w.publicImageId }),
    },
    {
      name: 'private image',
      rule: 'owner',
      owner: 'buyer',
      refused: 'NOT_FOUND',
      expect: { owner: 'NOT_FOUND' },
      input: (w) => ({ generationId: w.privateImageId }),
    },
  ],

  // ── comments ──────────────────────────────────────────────────────────────────────────────────────
  'comments.add': [
    {
      name: 'public image',
      rule: 'authed',
      owner: 'buyer',
      input: (w) => ({ generationId: w.publicImageId, body: 'Lovely light.' }),
    },
    // A private image is its owner's to comment on; to anyone else it does not exist.
    {
      name: 'private image',
      rule: 'owner',
      owner: 'buyer',
      refused: 'NOT_FOUND',
      input: (w) => ({ generationId: w.privateImageId, body: 'Note to self.' }),
    },
  ],
  'comments.list': [
    {
      name: 'public image',
      rule: 'public',
      owner: 'buyer',
      input: (w) => ({ generationId: w.publicImageId }),
    },
    {
      name: 'private image',
      rule: 'owner',
      owner: 'buyer',
      anonymous: 'NOT_FOUND',
      refused: 'NOT_FOUND',
      input: (w) => ({ generationId: w.privateImageId }),
    },
  ],
  // The author's own comment only; anyone else's is NOT_FOUND (comments/service.ts removeComment).
  'comments.remove': {
    rule: 'owner',
    owner: 'buyer',
    refused: 'NOT_FOUND',
    input: (w) => ({ commentId: w.commentId }),
  },

  // ── follows ───────────────────────────────────────────────────────────────────────────────────────
  'follows.add': { rule: 'authed', input: (w) => ({ artistId: w.artistId }) },
  'follows.remove': { rule: 'authed', input: (w) => ({ artistId: w.artistId }) },
  'follows.mine': { rule: 'authed', input: () => ({}) },

  // ── payments ──────────────────────────────────────────────────────────────────────────────────────
  'payments.packages': { rule: 'public' },
  'payments.createCheckout': { rule: 'authed', input: () => ({ packageId: 'tokens_100' }) },
  'payments.purchase': {
    rule: 'owner',
    owner: 'buyer',
    refused: 'NOT_FOUND',
    input: (w) => ({ id: w.purchaseId }),
  },
};

/** What `caller` gets from a case, by its rule and overrides. */
export function expectedOutcome(c: Case, caller: Caller): Outcome {
  const given = c.expect?.[caller];
  if (given) return given;
  const ownerOnly = c.rule === 'owner' || c.rule === 'artist-owner';
  switch (caller) {
    case 'anonymous':
      return c.rule === 'public' ? 'allowed' : (c.anonymous ?? 'UNAUTHORIZED');
    case 'otherBuyer':
      if (c.rule === 'artist' || c.rule === 'artist-owner') return 'FORBIDDEN';
      return ownerOnly ? c.refused! : 'allowed';
    case 'otherArtist':
      return ownerOnly ? c.refused! : 'allowed';
    case 'owner':
      return 'allowed';
  }
}

// ── HTTP routes ─────────────────────────────────────────────────────────────────────────────────────

export interface RouteCheck {
  caller: Caller;
  /** What is sent; the caller's credentials are added by the test. */
  request: (w: World) => InjectOptions;
  status: number;
  /** Headers the answer must not carry. */
  absentHeaders?: string[];
}

export interface RouteRule {
  /** Its methods as Fastify has them; HEAD is implied by GET. `ALL`: Fastify's every supported method. */
  methods: string[] | 'ALL';
  /** Whose resource the checks' `owner` caller holds. */
  owner?: 'artist' | 'buyer';
  /** Mounted only when Stripe is configured: its checks run on a server built with Stripe keys. */
  app?: 'stripe';
  checks: RouteCheck[];
}

const json = { 'content-type': 'application/json' };
const verifier = 'v'.repeat(43);

/**
 * Keyed by the URL pattern Fastify has. Not listed, because not mounted under the test configuration:
 * the built web client's static files (WEB_DIST_DIR is `none` here) and `/metrics` (only with
 * METRICS_TOKEN; its own checks are in metrics.test.ts).
 */
export const ROUTES: Record<string, RouteRule> = {
  // @fastify/cors answers preflights for the configured web origin; any other origin is not answered as
  // one (404) and gets neither its origin nor credentials back.
  '*': {
    methods: ['OPTIONS'],
    checks: [
      { caller: 'anonymous', request: () => preflight('http://web.example.test'), status: 204 },
      {
        caller: 'anonymous',
        request: () => preflight('http://evil.example.test'),
        status: 404,
        absentHeaders: ['access-control-allow-origin', 'access-control-allow-credentials'],
      },
    ],
  },
  '/healthz': {
    methods: ['GET'],
    checks: [{ caller: 'anonymous', request: () => ({ url: '/healthz' }), status: 200 }],
  },
  '/readyz': {
    methods: ['GET'],
    checks: [{ caller: 'anonymous', request: () => ({ url: '/readyz' }), status: 200 }],
  },

  // Sign-in: public entrances; a forged callback or a bad desktop code is UNAUTHORIZED and signs nobody in.
  '/auth/signin': {
    methods: ['GET'],
    checks: [
      {
        caller: 'anonymous',
        request: (w) => ({ url: '/auth/signin', headers: { host: w.host } }),
        status: 302,
      },
    ],
  },
  // The desktop entrance: public, but only ever back to a loopback callback (else VALIDATION_FAILED).
  '/auth/desktop/start': {
    methods: ['GET'],
    checks: [
      {
        caller: 'anonymous',
        request: () => ({ url: desktopStart('http://127.0.0.1:53682/callback') }),
        status: 302,
      },
      {
        caller: 'anonymous',
        request: () => ({ url: desktopStart('https://evil.example.test/callback') }),
        status: 400,
      },
    ],
  },
  '/auth/callback': {
    methods: ['GET'],
    checks: [
      {
        caller: 'anonymous',
        request: () => ({ url: '/auth/callback?code=forged&state=forged' }),
        status: 401,
      },
    ],
  },
  '/auth/desktop/token': {
    methods: ['POST'],
    checks: [
      {
        caller: 'anonymous',
        request: () => ({
          method: 'POST',
          url: '/auth/desktop/token',
          headers: json,
          payload: { code: 'forged-code', code_verifier: verifier },
        }),
        status: 401,
      },
    ],
  },
  // The development identity provider (only without Google): public by nature, it signs in whoever types.
  '/dev-idp/interaction/:uid': {
    methods: ['GET', 'POST'],
    checks: [{ caller: 'anonymous', request: () => ({ url: '/dev-idp/interaction/unknown' }), status: 200 }],
  },
  '/dev-idp/*': {
    methods: 'ALL',
    checks: [
      {
        caller: 'anonymous',
        request: () => ({ url: '/dev-idp/.well-known/openid-configuration' }),
        status: 200,
      },
    ],
  },

  // The license page is public (a licensed file links to it); an unknown id is a 404 page.
  '/licenses/:licenseId': {
    methods: ['GET'],
    checks: [
      { caller: 'anonymous', request: (w) => ({ url: `/licenses/${w.publicImageId}` }), status: 404 },
      { caller: 'anonymous', request: () => ({ url: '/licenses/not-an-id' }), status: 404 },
    ],
  },

  // Stripe's webhook: only a body signed with the webhook secret is read; anything else is refused.
  '/webhooks/stripe': {
    methods: ['POST'],
    app: 'stripe',
    checks: [
      {
        caller: 'anonymous',
        request: (w) => ({ method: 'POST', url: '/webhooks/stripe', headers: json, payload: paidEvent(w) }),
        status: 400,
      },
      {
        caller: 'anonymous',
        request: (w) => ({
          method: 'POST',
          url: '/webhooks/stripe',
          headers: { ...json, 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
          payload: paidEvent(w),
        }),
        status: 400,
      },
    ],
  },

  // The development checkout: the purchase's owner only; anyone else's purchase is NOT_FOUND (404).
  '/dev-checkout/:purchaseId': {
    methods: ['GET'],
    owner: 'buyer',
    checks: [
      { caller: 'anonymous', request: (w) => ({ url: `/dev-checkout/${w.purchaseId}` }), status: 401 },
      { caller: 'otherBuyer', request: (w) => ({ url: `/dev-checkout/${w.purchaseId}` }), status: 404 },
      { caller: 'otherArtist', request: (w) => ({ url: `/dev-checkout/${w.purchaseId}` }), status: 404 },
      { caller: 'owner', request: (w) => ({ url: `/dev-checkout/${w.purchaseId}` }), status: 200 },
      { caller: 'owner', request: () => ({ url: `/dev-checkout/${UNKNOWN_ID}` }), status: 404 },
    ],
  },
  // Paying also needs the page's form token (bound to the owner's session): without it, FORBIDDEN.
  '/dev-checkout/:purchaseId/pay': {
    methods: ['POST'],
    owner: 'buyer',
    checks: [
      { caller: 'anonymous', request: (w) => pay(w.purchaseId), status: 401 },
      { caller: 'otherBuyer', request: (w) => pay(w.purchaseId), status: 404 },
      { caller: 'otherArtist', request: (w) => pay(w.purchaseId), status: 404 },
      { caller: 'owner', request: (w) => pay(w.purchaseId), status: 403 },
    ],
  },

  '/tokens/history.csv': {
    methods: ['GET'],
    checks: [
      { caller: 'anonymous', request: () => ({ url: '/tokens/history.csv' }), status: 401 },
      { caller: 'otherBuyer', request: () => ({ url: '/tokens/history.csv' }), status: 200 },
    ],
  },

  // The API: every procedure has its own line above; here, that the route itself asks who calls.
  '/trpc/:path': {
    methods: ['GET', 'POST'],
    checks: [
      { caller: 'anonymous', request: () => ({ url: '/trpc/profile.get' }), status: 401 },
      { caller: 'otherBuyer', request: () => ({ url: '/trpc/profile.get' }), status: 200 },
    ],
  },

  // Local object store links: the signature is the permission. A forged or re-pointed one is FORBIDDEN.
  '/files/*': {
    methods: ['GET', 'PUT'],
    checks: [
      { caller: 'anonymous', request: (w) => ({ url: w.fileLink }), status: 200 },
      {
        caller: 'anonymous',
        request: (w) => ({ url: w.fileLink.replace(/sig=[^&]+/, `sig=${'A'.repeat(43)}`) }),
        status: 403,
      },
      {
        caller: 'anonymous',
        request: (w) => ({ url: w.fileLink.replace(w.fileKey, 'seeded/someone-else.png') }),
        status: 403,
      },
      { caller: 'anonymous', request: (w) => ({ url: `/files/${w.fileKey}` }), status: 403 },
      {
        caller: 'anonymous',
        request: (w) => ({ method: 'PUT', url: w.fileLink, payload: 'overwritten' }),
        status: 403,
      },
    ],
  },
};

/** A well-formed uuid that names nothing. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function preflight(origin: string): InjectOptions {
  return {
    method: 'OPTIONS',
    url: '/trpc/auth.signOut',
    headers: { origin, 'access-control-request-method': 'POST' },
  };
}

function desktopStart(redirectUri: string): string {
  const query = new URLSearchParams({
    code_challenge: verifier,
    code_challenge_method: 'S256',
    redirect_uri: redirectUri,
    state: 'desktop-state-1',
  });
  return `/auth/desktop/start?${query}`;
}

/** A payment form posted without the page's token. */
function pay(purchaseId: string): InjectOptions {
  return {
    method: 'POST',
    url: `/dev-checkout/${purchaseId}/pay`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'token=forged',
  };
}

/** A checkout-completed event for the buyer's purchase, as an attacker would send it, unsigned. */
function paidEvent(w: World) {
  return {
    id: 'evt_forged',
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: 'cs_forged',
        object: 'checkout.session',
        payment_status: 'paid',
        client_reference_id: w.purchaseId,
        metadata: { purchaseId: w.purchaseId },
        amount_total: 10_000,
        currency: 'krw',
      },
    },
  };
}
