/**
 * One image's page, and its owner's sharing of it. A public image is seen by anyone; a private one by its
 * owner only, and by everyone else exactly like an id that does not exist (NOT_FOUND), so its existence
 * does not leak. Only a succeeded image can be made public (the database holds the same rule).
 */
import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError, type ImageDetail, type ImageSharing, type UpdateImageInput } from '@style-license/shared';
import type { ObjectStorage } from '@style-license/platform/storage';
import { selectImages, toFeedItem, visibleTo } from './image-rows';

const { generations, licenses } = schema;

const notFound = () => new AppError('NOT_FOUND', 'No such image');

export async function getImage(
  db: Db,
  storage: ObjectStorage,
  viewerId: string | null,
  generationId: string,
): Promise<ImageDetail> {
  const [row] = await selectImages(
    db,
    viewerId,
    and(eq(generations.id, generationId), eq(generations.status, 'succeeded'), visibleTo(viewerId)),
  );
  if (!row) throw notFound();
  const [license] = row.licenseId
    ? await db.select().from(licenses).where(eq(licenses.id, row.licenseId))
    : [];
  return {
    ...(await toFeedItem(storage, { ...row, publishedAt: row.publishedAt ?? new Date(0) })),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    visibility: row.visibility,
    mine: row.ownerId === viewerId,
    license: license
      ? {
          id: license.id,
          licenseeName: license.licenseeName,
          artistName: license.artistName,
          styleName: license.styleName,
          styleVersion: license.styleVersion,
          termsVersion: license.termsVersion,
          issuedAt: license.issuedAt.toISOString(),
        }
      : null,
  };
}

/**
 * Public or private, and the description ('' clears it). Publishing stamps the first publication time
 * only: making an image private and public again returns it to its place in the feed rather than to the
 * top, so toggling cannot be used to stay first.
 */
export async function updateImage(db: Db, ownerId: string, input: UpdateImageInput): Promise<ImageSharing> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: generations.status })
      .from(generations)
      .where(and(eq(generations.id, input.generationId), eq(generations.ownerId, ownerId)))
      .for('update');
    if (!row) throw notFound();
    if (input.visibility === 'public' && row.status !== 'succeeded') {
      throw new AppError('CONFLICT', `The image is ${row.status}: only a finished image can be published`, {
        details: [
          { rule: 'not_succeeded', message: 'Only a finished image can be published', value: row.status },
        ],
      });
    }
    const [updated] = await tx
      .update(generations)
      .set({
        ...(input.visibility === undefined
          ? {}
          : {
              visibility: input.visibility,
              ...(input.visibility === 'public'
                ? { publishedAt: sql`coalesce(${generations.publishedAt}, clock_timestamp())` }
                : {}),
            }),
        ...(input.description === undefined ? {} : { description: input.description || null }),
      })
      .where(eq(generations.id, input.generationId))
      .returning();
    return {
      id: updated!.id,
      visibility: updated!.visibility,
      description: updated!.description,
      publishedAt: updated!.publishedAt?.toISOString() ?? null,
    };
  });
}
