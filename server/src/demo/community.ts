/**
 * The demo's community, so that `npm start` opens on a living feed: once the demo buyer's images are
 * made, each is published with its description, the buyer follows every demo artist, and each artist
 * likes and comments on the buyer's images in the other artists' styles, all through the same services
 * as the API (so counts, notifications and rules are the real ones).
 *
 * Crash-safe like the rest of the seed: publishing touches only an image never published (a person who
 * later made it private is not overruled), likes and follows are idempotent, and an artist comments on
 * an image only if they have not commented on it before.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { addCommentSchema, imageDescriptionSchema } from '@style-license/shared';
import { addComment } from '../domains/comments/service';
import { followArtist } from '../domains/follows/service';
import { updateImage } from '../domains/gallery/image';
import { likeImage } from '../domains/likes/service';
import type { DemoArtist } from './content';

const { comments, generations } = schema;

export interface DemoStyleImages {
  artist: DemoArtist;
  artistId: string;
  /** The demo buyer's images in this artist's style, in prompt order. */
  generationIds: string[];
}

/** Publishes each succeeded, never-published image with its prompt's description. */
async function publish(db: Db, buyerId: string, style: DemoStyleImages) {
  if (style.generationIds.length === 0) return [];
  const rows = await db
    .select({ id: generations.id, status: generations.status, publishedAt: generations.publishedAt })
    .from(generations)
    .where(inArray(generations.id, style.generationIds));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const published: string[] = [];
  for (const [n, id] of style.generationIds.entries()) {
    const row = byId.get(id);
    if (row?.status !== 'succeeded') continue;
    if (row.publishedAt === null) {
      const prompt = style.artist.prompts[n % style.artist.prompts.length]!;
      await updateImage(db, buyerId, {
        generationId: id,
        visibility: 'public',
        description: imageDescriptionSchema.parse(prompt.description),
      });
    }
    published.push(id);
  }
  return published;
}

async function hasCommented(db: Db, authorId: string, generationId: string) {
  const [row] = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.authorId, authorId), eq(comments.generationId, generationId)))
    .limit(1);
  return row !== undefined;
}

export async function seedDemoCommunity(db: Db, buyerId: string, styles: DemoStyleImages[]) {
  const published = new Map<string, string[]>();
  for (const style of styles) published.set(style.artistId, await publish(db, buyerId, style));
  for (const style of styles) await followArtist(db, buyerId, style.artistId);
  for (const fan of styles) {
    for (const style of styles) {
      if (style.artistId === fan.artistId) continue;
      const images = published.get(style.artistId) ?? [];
      for (const id of images) await likeImage(db, fan.artistId, id);
      const first = images[0];
      if (first && !(await hasCommented(db, fan.artistId, first))) {
        await addComment(
          db,
          fan.artistId,
          addCommentSchema.parse({ generationId: first, body: fan.artist.comment }),
        );
      }
    }
  }
}
