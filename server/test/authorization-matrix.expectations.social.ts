/**
 * The authorization matrix's procedures of the community: notifications (the caller's own), likes,
 * comments and follows. Read with authorization-matrix.rules.ts.
 */
import type { ProcedureTable } from './authorization-matrix.rules';

export const SOCIAL_PROCEDURES: ProcedureTable = {
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
};
