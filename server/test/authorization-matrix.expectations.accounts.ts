/**
 * The authorization matrix's procedures of accounts: health, auth (sign-in sessions), profile, and
 * artists (applying, the signature, an artist's public page). Read with authorization-matrix.rules.ts.
 */
import type { ProcedureTable } from './authorization-matrix.rules';

export const ACCOUNT_PROCEDURES: ProcedureTable = {
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
};
