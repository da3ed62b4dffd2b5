/**
 * The authorization matrix's procedures of content: styles (an artist's own, and the public catalogue),
 * training (on an artist's own styles), generation (buying, viewing, downloading images), licenses
 * (verifying one) and the gallery (the feed, an image, publishing). Read with authorization-matrix.rules.ts.
 */
import type { ProcedureTable } from './authorization-matrix.rules';

const idem = () => `authz-${Math.random().toString(36).slice(2, 12)}`;

export const CONTENT_PROCEDURES: ProcedureTable = {
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
    input: (w) => ({ styleId: w.draftStyleId, rightsAttested: true }),
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
};
