// A style's training images with their tags, in upload order: what the artist sees and what trains;
// and whether a stored original belongs to one, so clean-up never deletes an accepted image's bytes.
import { eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';

const { imageTags, tags, trainingImages } = schema;

export async function imagesWithTags(db: Db, styleId: string) {
  const rows = await db
    .select()
    .from(trainingImages)
    .where(eq(trainingImages.styleId, styleId))
    .orderBy(trainingImages.createdAt, trainingImages.id);
  const tagRows = rows.length
    ? await db
        .select({ imageId: imageTags.imageId, name: tags.name })
        .from(imageTags)
        .innerJoin(tags, eq(tags.id, imageTags.tagId))
        .where(
          inArray(
            imageTags.imageId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((row) => ({
    ...row,
    tags: tagRows.filter((t) => t.imageId === row.id).map((t) => t.name),
  }));
}

/** Whether an accepted image keeps its original at this key (then the key must not be deleted). */
export async function isRecordedOriginal(db: Db, key: string): Promise<boolean> {
  const rows = await db
    .select({ id: trainingImages.id })
    .from(trainingImages)
    .where(eq(trainingImages.objectKey, key))
    .limit(1);
  return rows.length > 0;
}
