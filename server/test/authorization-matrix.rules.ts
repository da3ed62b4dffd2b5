/**
 * How the authorization matrix's table is read (authorization-matrix.expectations.ts and its groups):
 * the callers, the rules a procedure follows, the resources the suite makes, and what each caller gets.
 *
 * Callers: `anonymous` (no session, but a same-origin browser with the CSRF header, so only identity
 * decides); `otherBuyer` (a signed-in non-artist, a second account owning nothing named here);
 * `otherArtist` (an artist owning nothing named here); `owner` (whose resource the input names).
 * A case whose input names a resource is also called by an allowed caller (its owner, when it has one)
 * with every id in that input replaced by a well-formed uuid that names nothing: NOT_FOUND unless the
 * case says otherwise (`missing`).
 */

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

/** Procedure path (`domain.name`) → its case, or its cases when one input is not enough. */
export type ProcedureTable = Record<string, Case | Case[]>;

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
