/**
 * Training-image uploads. Step 1 hands out presigned PUT URLs (the bytes go straight to object storage)
 * with signed upload tokens; step 2 confirms: each object is read once and checked by decoding it,
 * de-duplicated by sha256 within the style, flagged when near a duplicate (perceptual hash), and the
 * checked bytes (trailing data cut off) stored as the original under a key no link can write, with a
 * 512-px training image, a 256-px thumbnail and its tags; the upload object is then deleted. A refused
 * upload leaves no row and no object behind; one refused as someone else's work (another artist's
 * training image, or an image the platform generated: copyright.ts) is also recorded for review. Each
 * file of a batch succeeds or fails on its own.
 * Pending-upload rows stay until housekeeping, after the link expires, deletes whatever a link wrote.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { schema } from '@style-license/db';
import { AppError, TRAINING_IMAGES } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { ensureTags } from '../styles/tags';
import { hammingDistance, NEAR_DUPLICATE_BITS } from '@style-license/platform/images';
import { inspectTrainingImage, refuseImage, sha256Hex, type InspectedImage } from './image-checks';
import {
  issueUploadToken,
  originalKeyFor,
  readUploadToken,
  uploadsPrefix,
  type UploadGrant,
} from './upload-tokens';
import { findCopyrightBlock, recordCopyrightBlock } from './copyright';
import { isRecordedOriginal } from './images';
import { assertEditableImages, loadOwnStyle } from './style-access';

const { imageTags, pendingUploads, trainingImages } = schema;
const UPLOAD_URL_SECONDS = 15 * 60;

type Deps = Pick<ServerDeps, 'config' | 'database' | 'storage' | 'logger' | 'markReader'>;

/** Where a confirm came from, recorded with any copyright block (null: the server's own uploads). */
export interface UploadOrigin {
  ip: string | null;
}

export async function requestUploads(
  deps: Deps,
  artistId: string,
  input: { styleId: string; files: { fileName: string; byteSize: number; sha256: string }[] },
) {
  await assertEditableImages(deps.database.db, await loadOwnStyle(deps.database.db, artistId, input.styleId));
  const exp = Math.floor(Date.now() / 1000) + UPLOAD_URL_SECONDS;
  const keys = input.files.map(() => `${uploadsPrefix(input.styleId)}${randomUUID()}`);
  // Recorded before any URL is handed out, so whatever a link writes, confirmed or not, is removed.
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
  originalKey: string,
  image: InspectedImage,
  tags: string[],
): Promise<string> {
  const id = randomUUID();
  const trainingKey = `styles/${grant.styleId}/training/${id}.png`;
  const thumbnailKey = `styles/${grant.styleId}/thumbs/${id}.webp`;
  // The bytes just checked, from memory: the upload object may have been replaced since it was read.
  await deps.storage.put(originalKey, image.original, { contentType: `image/${image.format}` });
  await deps.storage.put(trainingKey, image.trainingCopy, { contentType: 'image/png' });
  await deps.storage.put(thumbnailKey, image.thumbnail, { contentType: 'image/webp' });
  try {
    await deps.database.db.transaction(async (tx) => {
      // The style row lock serialises confirms of one style: the 100-image cap and the status hold.
      await assertEditableImages(tx, await loadOwnStyle(tx, artistId, grant.styleId, true));
      // Before the cap: a client resending an image the style already holds (after a crash, with a new
      // link) must hear `duplicate` — done — even when the style is full, not `max_images`.
      const [same] = await tx
        .select({ id: trainingImages.id })
        .from(trainingImages)
        .where(and(eq(trainingImages.styleId, grant.styleId), eq(trainingImages.sha256, image.sha256)))
        .limit(1);
      if (same) throw refuseImage(grant.fileName, 'duplicate', 'this image is already in the style');
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
          objectKey: originalKey,
          trainingKey,
          thumbnailKey,
          originalName: grant.fileName,
          width: image.width,
          height: image.height,
          format: image.format,
          byteSize: image.original.length,
          sha256: image.sha256,
          perceptualHash: image.perceptualHash,
          copyHash: image.copyHash,
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
    // A concurrent confirm of the same link may have recorded this original (same key, same bytes).
    if (!(await isRecordedOriginal(deps.database.db, originalKey))) await deps.storage.delete(originalKey);
    throw error;
  }
  return id;
}

async function confirmOne(
  deps: Deps,
  artistId: string,
  styleId: string,
  item: { uploadToken: string; tags: string[] },
  origin: UploadOrigin,
): Promise<ConfirmResult> {
  let grant: UploadGrant | undefined;
  try {
    grant = readUploadToken(deps.config.STORAGE_SIGNING_SECRET, item.uploadToken, styleId);
    const originalKey = originalKeyFor(grant.key)!; // readUploadToken accepts upload keys only
    if (await isRecordedOriginal(deps.database.db, originalKey)) {
      throw refuseImage(grant.fileName, 'duplicate', 'this image is already in the style'); // a retry
    }
    const bytes = await fetchDeclared(deps, grant);
    if (bytes.length !== grant.byteSize) {
      throw refuseImage(
        grant.fileName,
        'declared_mismatch',
        'the uploaded file differs from the one declared',
      );
    }
    const image = await inspectTrainingImage(bytes, grant.fileName);
    // The declared hash is of the file as uploaded; the recorded one is of the checked image.
    if (sha256Hex(bytes) !== grant.sha256) {
      throw refuseImage(
        grant.fileName,
        'declared_mismatch',
        'the uploaded file differs from the one declared',
      );
    }
    // Someone else's work, or a generated image, is refused before anything of it is stored.
    const block = await findCopyrightBlock(deps, artistId, image);
    if (block) {
      const upload = { artistId, styleId, fileName: grant.fileName, ip: origin.ip };
      throw await recordCopyrightBlock(deps, upload, image, block);
    }
    const similar = await nearDuplicateOf(deps, styleId, image.perceptualHash);
    const imageId = await record(deps, artistId, grant, originalKey, image, item.tags);
    // Accepted either way: housekeeping deletes the upload key after the link expires if this fails.
    await deps.storage.delete(grant.key).catch((error: unknown) => {
      deps.logger.warn({ err: error, styleId }, 'upload object not deleted after confirm');
    });
    return {
      fileName: grant.fileName,
      status: 'accepted',
      imageId,
      ...(similar ? { warning: `looks nearly identical to ${similar}` } : {}),
    };
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'INTERNAL') throw error;
    if (grant) await deps.storage.delete(grant.key); // no orphans; an upload key is never an original
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
  origin: UploadOrigin = { ip: null },
): Promise<{ results: ConfirmResult[] }> {
  await assertEditableImages(deps.database.db, await loadOwnStyle(deps.database.db, artistId, input.styleId));
  const results: ConfirmResult[] = [];
  // One at a time: decoding is CPU-heavy, and duplicates within one batch must see each other.
  for (const item of input.uploads)
    results.push(await confirmOne(deps, artistId, input.styleId, item, origin));
  return { results };
}
