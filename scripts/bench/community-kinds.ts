/**
 * What the community benchmark measures: five kinds of request, each as the tRPC paths a client sends
 * and as the service call that issues the same SQL, with a check that the answer is the expected one
 * over the seeded data (so a broken procedure cannot look fast).
 */
import type { Db } from '@style-license/db';
import type { ObjectStorage } from '@style-license/platform/storage';
import { feedInputSchema, type FeedPage, type ImageDetail } from '@style-license/shared';
import { listFeed } from '../../server/src/domains/gallery/feed';
import { getImage } from '../../server/src/domains/gallery/image';
import { listNotifications } from '../../server/src/domains/notifications/service';
import { trpcPath } from './community-load';
import type { BenchClient } from './community-seed';

export const FEED_PAGE = 24;
export const PAGE_DEEP = 50;
export const IMAGES_PER_CLIENT = 10;
const NOTIFICATIONS_PAGE = 20;

export interface Kind {
  name: string;
  /** The tRPC paths client `c` sends, in turn. */
  paths(c: number): string[];
  /** Client c's request through the service function itself, for its SQL. */
  call(db: Db, c: number): Promise<unknown>;
  /** Whether client 0's answer is what the seed should give. */
  looksRight(data: unknown): boolean;
  /** Reads images: its plans must read generations by index. */
  readsImages: boolean;
}

/** The feed as `userId` reads it, through the service (for its SQL). */
export const feedAs = (storage: ObjectStorage, userId: string, input: object) => (db: Db) =>
  listFeed(db, storage, userId, feedInputSchema.parse({ limit: FEED_PAGE, ...input }));

export function requestKinds(options: {
  clients: BenchClient[];
  sampleImageIds: string[];
  storage: ObjectStorage;
  /** The cursor of feed page PAGE_DEEP. */
  deepCursor: string;
  /** The artists client 0 follows. */
  followedByFirst: Set<string>;
}): Kind[] {
  const { clients, sampleImageIds, storage } = options;
  const imageOf = (c: number, i: number) =>
    sampleImageIds[(c * IMAGES_PER_CLIENT + i) % sampleImageIds.length]!;
  const feed = (name: string, input: object, extra: (page: FeedPage) => boolean = () => true): Kind => ({
    name,
    paths: () => [trpcPath('gallery.feed', { limit: FEED_PAGE, ...input })],
    call: (db, c) => feedAs(storage, clients[c]!.userId, input)(db),
    looksRight: (data) => {
      const page = data as FeedPage;
      return page.items.length === FEED_PAGE && page.nextCursor !== null && extra(page);
    },
    readsImages: true,
  });
  return [
    feed('feed first page', {}),
    feed(`feed page ${PAGE_DEEP}`, { cursor: options.deepCursor }),
    feed('following feed', { following: true }, (page) =>
      page.items.every((item) => options.followedByFirst.has(item.artist.id)),
    ),
    {
      name: 'image detail',
      paths: (c) =>
        Array.from({ length: IMAGES_PER_CLIENT }, (_, i) =>
          trpcPath('gallery.image', { generationId: imageOf(c, i) }),
        ),
      call: (db, c) => getImage(db, storage, clients[c]!.userId, imageOf(c, 0)),
      looksRight: (data) =>
        (data as ImageDetail).id === imageOf(0, 0) && (data as ImageDetail).license !== null,
      readsImages: true,
    },
    {
      name: 'notification list',
      paths: () => [trpcPath('notifications.list', { limit: NOTIFICATIONS_PAGE })],
      call: (db, c) => listNotifications(db, clients[c]!.userId, { limit: NOTIFICATIONS_PAGE }),
      looksRight: (data) => (data as { items: unknown[] }).items.length === NOTIFICATIONS_PAGE,
      readsImages: false,
    },
  ];
}
