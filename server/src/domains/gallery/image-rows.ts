/**
 * How the gallery reads images: one selection (the image, its style, artist, owner, counts and whether
 * the reader likes it) shared by the feed and an image's page, and how a row becomes what clients see.
 * Others only ever get the signed preview's link; the licensed file stays with its owner.
 */
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@style-license/db';
import type { FeedItem } from '@style-license/shared';
import type { ObjectStorage } from '@style-license/platform/storage';
import { microsecondsOf } from '../paging/cursor';

const { generations, likes, styles, users } = schema;

const artist = alias(users, 'artist');
const owner = alias(users, 'owner');
export const PREVIEW_URL_SECONDS = 10 * 60;

/** Shown to everyone: published, which the database only allows for a succeeded image. */
export const isPublic: SQL = eq(generations.visibility, 'public');

/** Public, or the reader's own (a private image is seen by nobody else). */
export function visibleTo(viewerId: string | null): SQL {
  return viewerId ? or(isPublic, eq(generations.ownerId, viewerId))! : isPublic;
}

function likedBy(viewerId: string | null): SQL<boolean> {
  if (!viewerId) return sql<boolean>`false`;
  return sql<boolean>`EXISTS (SELECT 1 FROM ${likes} WHERE ${likes.generationId} = ${generations.id} AND ${likes.userId} = ${viewerId})`;
}

/** The images matching `where`, with everything a card or a page shows, in the caller's order. */
export function selectImages(db: Db, viewerId: string | null, where: SQL | undefined) {
  return db
    .select({
      id: generations.id,
      ownerId: generations.ownerId,
      status: generations.status,
      previewKey: generations.previewKey,
      description: generations.description,
      promptTags: generations.promptTags,
      visibility: generations.visibility,
      licenseId: generations.licenseId,
      likeCount: generations.likeCount,
      commentCount: generations.commentCount,
      publishedAt: generations.publishedAt,
      /** The feed cursor's key, at the database's full precision. */
      publishedAtUs: microsecondsOf(generations.publishedAt),
      styleId: styles.id,
      styleName: styles.name,
      artistId: artist.id,
      artistName: artist.displayName,
      artistDemo: artist.isDemo,
      ownerName: owner.displayName,
      ownerDemo: owner.isDemo,
      likedByMe: likedBy(viewerId),
    })
    .from(generations)
    .innerJoin(styles, eq(styles.id, generations.styleId))
    .innerJoin(artist, eq(artist.id, styles.artistId))
    .innerJoin(owner, eq(owner.id, generations.ownerId))
    .where(and(where))
    .$dynamic();
}

export type ImageRow = Awaited<ReturnType<ReturnType<typeof selectImages>['execute']>>[number];

export async function toFeedItem(storage: ObjectStorage, row: ImageRow): Promise<FeedItem> {
  return {
    id: row.id,
    previewUrl: await storage.presignGet(row.previewKey!, { expiresInSeconds: PREVIEW_URL_SECONDS }),
    description: row.description,
    promptTags: row.promptTags,
    style: { id: row.styleId, name: row.styleName },
    artist: { id: row.artistId, displayName: row.artistName },
    owner: { id: row.ownerId, displayName: row.ownerName },
    likeCount: row.likeCount,
    commentCount: row.commentCount,
    likedByMe: row.likedByMe,
    publishedAt: row.publishedAt!.toISOString(),
    demo: row.artistDemo || row.ownerDemo,
  };
}
