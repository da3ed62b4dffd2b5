// API answers the feed's tests share (home, an artist's page): public images as `gallery.feed` sends them.
import type { FeedItem, FeedPage } from '@style-license/shared';

export const STYLE_ID = '11111111-1111-4111-8111-111111111111';
export const ARTIST_ID = '44444444-4444-4444-8444-444444444444';
export const OWNER_ID = '55555555-5555-4555-8555-555555555555';

/** The id of the n-th image (`…0001`, `…0002`). */
export const imageId = (n: number) => `22222222-2222-4222-8222-${String(n).padStart(12, '0')}`;

/** The n-th image, in Ink Wash by Mina Park, shared by Dana; `extra` overrides. */
export function feedItem(n: number, extra: Partial<FeedItem> = {}): FeedItem {
  return {
    id: imageId(n),
    previewUrl: `https://files.test/preview-${n}.webp`,
    description: null,
    promptTags: ['portrait'],
    style: { id: STYLE_ID, name: 'Ink Wash' },
    artist: { id: ARTIST_ID, displayName: 'Mina Park' },
    owner: { id: OWNER_ID, displayName: 'Dana' },
    likeCount: 3,
    commentCount: 2,
    likedByMe: false,
    publishedAt: '2026-12-01T10:00:00.000Z',
    demo: false,
    ...extra,
  };
}

export function feedPage(items: FeedItem[], nextCursor: string | null = null): FeedPage {
  return { items, nextCursor };
}

/** Who `auth.me` says is signed in. */
export const reader = {
  id: '66666666-6666-4666-8666-666666666666',
  email: 'r@example.test',
  displayName: 'Rae',
  avatarUrl: null,
  locale: 'en',
  role: 'user',
};
