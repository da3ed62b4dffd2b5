/**
 * Training-image uploads. Step 1 hands out presigned PUT URLs (the bytes go straight to object storage)
 * with signed upload tokens; step 2 confirms: each object is checked by decoding it, de-duplicated by
 * sha256 within the style, flagged when near a duplicate (perceptual hash), copied to a 512-px
 * training image and a 256-px thumbnail, and recorded with its tags. A refused upload leaves no row
 * and no object behind. Each file of a batch succeeds or fails on its own.
 */
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { schema } from '@style-license/db';
import { AppError, TRAINING_IMAGES } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { ensureTags } from '../styles/tags';
import { hammingDistance, inspectTrainingImage, refuseImage, type InspectedImage } from './image-checks';
import { issueUploadToken, originalsPrefix, readUploadToken, type UploadGrant } from './upload-tokens';
import { assertEditableImages, loadOwnStyle } from './style-access';

const { imageTags, pendingUploads, trainingImages } = schema;
const UPLOAD_URL_SECONDS = 15 * 60;
/** Hamming distance of perceptual hashes at or under which two images look like the same picture. */
const NEAR_DUPLICATE_BITS = 6;

type Deps = Pick<ServerDeps, 'config' | 'database' | 'storage' | 'logger'>;

export async function requestUploads(
  deps: Deps,
  artistId: string,
  input: { styleId: string; files: { fileName: string; byteSize: number; sha256: string }[] },
) {
  assertEditableImages(await loadOwnStyle(deps.database.db, artistId, input.styleId));
  const exp = Math.floor(Date.now() / 1000) + UPLOAD_URL_SECONDS;
  const keys = input.files.map(() => `${originalsPrefix(input.styleId)}${randomUUID()}`);
  // Recorded before any URL is handed out, so an upload never confirmed can be found and removed.
  await deps.database.db
    .insert(pendingUploads)
    .values(
      keys.map((objectKey) => ({ objectKey, styleId: input.styleId, expiresAt: new Date(exp * 1000) })),
    );
  return {
    uploads: await Promise.all(
      input.files.map(async (file, i) => {
        const key = keys[i]!;
        const grant: UploadGrant = { styleId: input.styleId, key, ...file, exp };
        const url = await deps.storage.presignPut(key, { expiresInSeconds: UPLOAD_URL_SECONDS });
        return {
          fileName: file.fileName,
          url,
          uploadToken: issueUploadToken(deps.config.STORAGE_SIGNING_SECRET, grant),
        };
      }),
    ),
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}

export type ConfirmResult =
  | { fileName: string; status: 'accepted'; imageId: string; warning?: string }
  | { fileName: string; status: 'rejected'; error: { code: string; rule: string; message: string } };

async function fetchDeclared(deps: Deps, grant: UploadGrant): Promise<Buffer> {
  const info = await deps.storage.head(grant.key);
  if (!info) throw refuseImage(grant.fileName, 'missing', 'was not uploaded');
  if (info.size > 20 * 1024 * 1024) throw refuseImage(grant.fileName, 'max_bytes', 'larger than 20 MB');
  const bytes = await deps.storage.get(grant.key);
  return bytes;
}

/** A retried confirm of an accepted upload must not delete the accepted image's original. */
async function isRecorded(deps: Deps, key: string): Promise<boolean> {
  const rows = await deps.database.db
    .select({ id: trainingImages.id })
    .from(trainingImages)
    .where(eq(trainingImages.objectKey, key));
  return rows.length > 0;
}

async function nearDuplicateOf(deps: Deps, styleId: string, hash: string): Promise<string | undefined> {
  const existing = await deps.database.db
    .select({ name: trainingImages.originalName, hash: trainingImages.perceptualHash })
    .from(trainingImages)
    .where(eq(trainingImages.styleId, styleId));
  return existing.find((row) => hammingDistance(row.hash, hash) <= NEAR_DUPLICATE_BITS)?.name;
}

async function record(
  deps: Deps,
  artistId: string,
  grant: UploadGrant,
  image: InspectedImage,
  tags: string[],
): Promise<string> {
  const id = randomUUID();
  const trainingKey = `styles/${grant.styleId}/training/${id}.png`;
  const thumbnailKey = `styles/${grant.styleId}/thumbs/${id}.webp`;
  await deps.storage.put(trainingKey, image.trainingCopy, { contentType: 'image/png' });
  await deps.storage.put(thumbnailKey, image.thumbnail, { contentType: 'image/webp' });
  try {
    await deps.database.db.transaction(async (tx) => {
      // The style row lock serialises confirms of one style: the 100-image cap and the status hold.
      assertEditableImages(await loadOwnStyle(tx, artistId, grant.styleId, true));
      const [{ n } = { n: 0 }] = await tx
        .select({ n: count() })
        .from(trainingImages)
        .where(eq(trainingImages.styleId, grant.styleId));
      if (n >= TRAINING_IMAGES.max) {
        throw refuseImage(
          grant.fileName,
          'max_images',
          `a style holds at most ${TRAINING_IMAGES.max} images`,
        );
      }
      const inserted = await tx
        .insert(trainingImages)
        .values({
          id,
          styleId: grant.styleId,
          objectKey: grant.key,
          trainingKey,
          thumbnailKey,
          originalName: grant.fileName,
          width: image.width,
          height: image.height,
          format: image.format,
          byteSize: grant.byteSize,
          sha256: image.sha256,
          perceptualHash: image.perceptualHash,
        })
        .onConflictDoNothing()
        .returning({ id: trainingImages.id });
      if (inserted.length === 0)
        throw refuseImage(grant.fileName, 'duplicate', 'this image is already in the style');
      const tagIds = await ensureTags(tx, tags);
      if (tagIds.length) await tx.insert(imageTags).values(tagIds.map((tagId) => ({ imageId: id, tagId })));
    });
  } catch (error) {
    await Promise.all([deps.storage.delete(trainingKey), deps.storage.delete(thumbnailKey)]);
    throw error;
  }
  return id;
}

async function confirmOne(
  deps: Deps,
  artistId: string,
  styleId: string,
  item: { uploadToken: string; tags: string[] },
): Promise<ConfirmResult> {
  let grant: UploadGrant | undefined;
  try {
    grant = readUploadToken(deps.config.STORAGE_SIGNING_SECRET, item.uploadToken, styleId);
    const bytes = await fetchDeclared(deps, grant);
    if (bytes.length !== grant.byteSize) {
      throw refuseImage(
        grant.fileName,
        'declared_mismatch',
        'the uploaded file differs from the one declared',
      );
    }
    const image = await inspectTrainingImage(bytes, grant.fileName);
    if (image.sha256 !== grant.sha256) {
      throw refuseImage(
        grant.fileName,
        'declared_mismatch',
        'the uploaded file differs from the one declared',
      );
    }
    const similar = await nearDuplicateOf(deps, styleId, image.perceptualHash);
    const imageId = await record(deps, artistId, grant, image, item.tags);
    await settle(deps, grant.key);
    return {
      fileName: grant.fileName,
      status: 'accepted',
      imageId,
      ...(similar ? { warning: `looks nearly identical to ${similar}` } : {}),
    };
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
    if (grant && !(await isRecorded(deps, grant.key))) await deps.storage.delete(grant.key); // no orphans
    if (grant) await settle(deps, grant.key);
    const detail = error.details?.[0];
    deps.logger.warn({ styleId, file: grant?.fileName, rule: detail?.rule }, 'training image refused');
    return {
      fileName: grant?.fileName ?? '(unknown)',
      status: 'rejected',
      error: { code: error.code, rule: detail?.rule ?? 'invalid', message: error.message },
    };
  }
}

export async function confirmUploads(
  deps: Deps,
  artistId: string,
  input: { styleId: string; uploads: { uploadToken: string; tags: string[] }[] },
): Promise<{ results: ConfirmResult[] }> {
  assertEditableImages(await loadOwnStyle(deps.database.db, artistId, input.styleId));
  const results: ConfirmResult[] = [];
  // One at a time: decoding is CPU-heavy, and duplicates within one batch must see each other.
  for (const item of input.uploads) results.push(await confirmOne(deps, artistId, input.styleId, item));
  return { results };
}

/** A confirmed upload, accepted or refused, is no longer pending. */
async function settle(deps: Deps, key: string) {
  await deps.database.db.delete(pendingUploads).where(eq(pendingUploads.objectKey, key));
}
