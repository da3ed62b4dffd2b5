/**
 * The authorization matrix's HTTP routes: each route Fastify has, with its methods, and requests that
 * show who may use it (the status each caller gets). authorization-matrix.test.ts enumerates the routes
 * from Fastify and fails on one missing here or listed here but gone. Callers as in
 * authorization-matrix.rules.ts; the tRPC procedures behind `/trpc/:path` are in the other groups.
 */
import type { InjectOptions } from 'fastify';
import type { Caller, World } from './authorization-matrix.rules';

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
