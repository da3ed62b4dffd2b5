// API answers the gallery's tests share: an image's page as the server sends it, its comments, a reader.
import type { Comment, ImageDetail } from '@style-license/shared';

export const IMAGE = '22222222-2222-4222-8222-222222222222';
export const STYLE = '11111111-1111-4111-8111-111111111111';
export const ARTIST = '44444444-4444-4444-8444-444444444444';
export const OWNER = '55555555-5555-4555-8555-555555555555';
export const READER = '66666666-6666-4666-8666-666666666666';
export const LICENSE = '33333333-3333-4333-8333-333333333333';

export const reader = { id: READER, email: 'r@example.test', displayName: 'Rae', avatarUrl: null };
export const owner = { id: OWNER, email: 'o@example.test', displayName: 'Dana', avatarUrl: null };

export function imageDetail(extra: Partial<ImageDetail> = {}): ImageDetail {
  return {
    id: IMAGE,
    previewUrl: 'https://files.test/preview.webp',
    description: 'Harbour at dusk.\nSecond line.',
    promptTags: ['portrait', 'dusk'],
    style: { id: STYLE, name: 'Ink Wash' },
    artist: { id: ARTIST, displayName: 'Mina Park' },
    owner: { id: OWNER, displayName: 'Dana' },
    likeCount: 3,
    commentCount: 1,
    likedByMe: false,
    publishedAt: '2026-12-01T10:00:00.000Z',
    demo: false,
    visibility: 'public',
    mine: false,
    license: {
      id: LICENSE,
      licenseeName: 'Dana',
      artistName: 'Mina Park',
      styleName: 'Ink Wash',
      styleVersion: 2,
      termsVersion: 1,
      issuedAt: '2026-12-01T09:00:00.000Z',
    },
    ...extra,
  };
}

let made = 0;
/** A comment with a fresh id (`c<n>` padded into a UUID), newest first as the server lists them. */
export function comment(extra: Partial<Comment> = {}): Comment {
  made += 1;
  return {
    id: `00000000-0000-4000-8000-${String(made).padStart(12, '0')}`,
    author: { id: READER, displayName: 'Rae' },
    body: 'Lovely light.',
    removed: false,
    mine: false,
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    ...extra,
  };
}

export const artistPage = {
  id: ARTIST,
  displayName: 'Mina Park',
  avatarUrl: null,
  bio: null,
  joinedAt: '2026-01-01T00:00:00.000Z',
  followerCount: 12,
  followedByMe: false,
  demo: false,
};
