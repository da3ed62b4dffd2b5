/**
 * Upload copies: what the studio uploads in place of an image the platform would refuse as it is (a
 * WebP, or a file over the byte or pixel limit). A copy lives in the studio's cache folder, named by the
 * original's content hash, and is written by rename, so the artist's file is never touched and a copy on
 * disk is always whole. Every copy is checked against the upload rules before it is handed out.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { AppError } from '@style-license/shared';
import { sniffRasterFormat } from '@style-license/platform/images';
import type { CatalogImage } from '../model';
import { UPLOAD_RULES } from './rules';

export interface UploadCopy {
  imageId: string;
  path: string;
  /** Of the copy: the upload is idempotent by the bytes that are sent. */
  sha256: string;
  byteSize: number;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const EXTENSIONS = { png: 'png', jpeg: 'jpg' } as const;
/** How much each further attempt shrinks a picture whose encoding is still over the byte limit. */
const SHRINK_STEP = 0.8;
const MAX_ATTEMPTS = 6;

function copyFailure(image: CatalogImage, rule: string, message: string, cause?: unknown): AppError {
  return new AppError('VALIDATION_FAILED', `${image.path}: ${message}`, {
    details: [{ path: image.path, rule, message }],
    cause,
  });
}

/** The largest size within the pixel limit with the picture's proportions (never enlarged). */
function fitPixels(width: number, height: number, scale = 1): { width: number; height: number } {
  const limit = Math.min(1, Math.sqrt(UPLOAD_RULES.maxPixels / (width * height))) * scale;
  return { width: Math.max(1, Math.floor(width * limit)), height: Math.max(1, Math.floor(height * limit)) };
}

/**
 * Lossless PNG first for pictures that were lossless or WebP (one lossy round is enough), high-quality
 * JPEG without chroma subsampling for JPEG sources or when a PNG is over the byte limit; then smaller.
 */
async function encodeWithinLimits(image: CatalogImage, bytes: Buffer, width: number, height: number) {
  const formats: ('png' | 'jpeg')[] = image.format === 'jpeg' ? ['jpeg'] : ['png', 'jpeg'];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const size = fitPixels(width, height, SHRINK_STEP ** attempt);
    if (Math.min(size.width, size.height) < UPLOAD_RULES.minSide) break;
    for (const format of formats) {
      // failOn 'warning': a truncated source must not become a whole-looking copy. The colour profile
      // stays (wide-gamut work must not shift); EXIF and GPS do not travel, orientation is applied.
      const pipeline = sharp(bytes, { failOn: 'warning' })
        .rotate()
        .resize(size.width, size.height, { fit: 'fill' })
        .keepIccProfile();
      const output = await (
        format === 'png'
          ? pipeline.png()
          : // JPEG has no transparency: transparent areas become white paper, not black.
            pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
      )
        .toBuffer()
        .catch((error: unknown) => {
          throw copyFailure(image, 'decode', 'could not be decoded', error);
        });
      if (output.length <= UPLOAD_RULES.maxBytes) return { output, format, ...size };
    }
  }
  throw copyFailure(image, 'cannot_fit', 'no copy within the upload limits keeps 512 px on the short side');
}

async function readExistingCopy(image: CatalogImage, dir: string): Promise<UploadCopy | null> {
  for (const format of ['png', 'jpeg'] as const) {
    const path = join(dir, `${image.sha256}.upload.${EXTENSIONS[format]}`);
    const bytes = await readFile(path).catch(() => null);
    if (!bytes) continue;
    const meta = await sharp(bytes).metadata();
    return {
      imageId: image.id,
      path,
      sha256: sha256Hex(bytes),
      byteSize: bytes.length,
      format,
      width: meta.width,
      height: meta.height,
    };
  }
  return null;
}

/**
 * The upload copy of one image, made once per content (a second call returns the same file). Refuses a
 * file whose bytes no longer match the catalog's hash (CONFLICT): the catalog must rescan it first.
 */
export async function makeUploadCopy(image: CatalogImage, cacheDir: string): Promise<UploadCopy> {
  const dir = join(cacheDir, 'upload-copies');
  const existing = await readExistingCopy(image, dir);
  if (existing) return existing;
  const bytes = await readFile(image.path).catch((error: unknown) => {
    throw new AppError('NOT_FOUND', `${image.path}: the file is gone`, {
      details: [{ path: image.path, rule: 'missing', message: 'the file is gone' }],
      cause: error,
    });
  });
  if (sha256Hex(bytes) !== image.sha256) {
    throw new AppError('CONFLICT', `${image.path}: changed since it was catalogued`, {
      details: [{ path: image.path, rule: 'changed', message: 'changed since it was catalogued' }],
    });
  }
  if (image.width === null || image.height === null) throw copyFailure(image, 'decode', 'has no known size');
  const { output, format, width, height } = await encodeWithinLimits(image, bytes, image.width, image.height);
  if (sniffRasterFormat(output) !== format) throw new Error(`encoder wrote something other than ${format}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${image.sha256}.upload.${EXTENSIONS[format]}`);
  const partial = join(dir, `.${randomUUID()}.partial`);
  try {
    await writeFile(partial, output);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return {
    imageId: image.id,
    path,
    sha256: sha256Hex(output),
    byteSize: output.length,
    format,
    width,
    height,
  };
}
