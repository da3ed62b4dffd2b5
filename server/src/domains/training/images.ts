// A style's training images with their tags, in upload order: what the artist sees and what trains.
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
