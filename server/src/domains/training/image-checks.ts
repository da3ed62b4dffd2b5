/**
 * Verifies one uploaded training image by decoding it, and makes its derived copies. Rules: real JPEG
 * or PNG by content; at most 20 MB and 40 megapixels (decompression-bomb guard); at least 512×512;
 * decodes completely (a truncated file fails). Anything after the image's end (PNG IEND, JPEG EOI) is
 * cut off first: everything returned, the original included, comes from the checked bytes alone.
 * Every refusal names the file and the rule.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError, TRAINING_IMAGE_FILE } from '@style-license/shared';
import {
  copyHash,
  imageEnd,
  perceptualHash,
  sniffRasterFormat,
  type RasterFormat,
} from '@style-license/platform/images';
import { withDecodeSlot } from '../../security/decode-slots';

export const TRAINING_IMAGE_RULES = {
  maxBytes: TRAINING_IMAGE_FILE.maxBytes,
  maxPixels: TRAINING_IMAGE_FILE.maxPixels,
  minSide: TRAINING_IMAGE_FILE.minSide,
  trainingSide: 512,
  thumbnailSide: 256,
} as const;

export interface InspectedImage {
  format: RasterFormat;
  width: number;
  height: number;
  /** The upload without data appended after the image: the private original to keep. */
  original: Buffer;
  /** SHA-256 (hex) of `original`. */
  sha256: string;
  perceptualHash: string;
  /** The copy hash (platform images/copy-hash.ts) the cross-artist copyright check searches by. */
  copyHash: string;
  /** 512 px on the short side (the engines' input), PNG. */
  trainingCopy: Buffer;
  /** 256×256 centre crop, WebP. */
  thumbnail: Buffer;
}

export function refuseImage(fileName: string, rule: string, message: string, cause?: unknown): AppError {
  return new AppError('VALIDATION_FAILED', `${fileName}: ${message}`, {
    details: [{ path: fileName, rule, message }],
    cause,
  });
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function inspectTrainingImage(upload: Buffer, fileName: string): Promise<InspectedImage> {
  const rules = TRAINING_IMAGE_RULES;
  if (upload.length > rules.maxBytes) throw refuseImage(fileName, 'max_bytes', 'larger than 20 MB');
  const format = sniffRasterFormat(upload);
  if (!format) throw refuseImage(fileName, 'format', 'not a JPEG or PNG image (checked by content)');
  const end = imageEnd(upload, format);
  if (end === null) throw refuseImage(fileName, 'decode', 'is truncated or corrupt');
  const bytes = upload.subarray(0, end);
  // The header alone (no pixels decoded) tells the canvas size, so a bomb is refused before decoding.
  const meta = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw refuseImage(fileName, 'decode', 'could not be read as an image', error);
    });
  if (meta.format !== format) throw refuseImage(fileName, 'format', 'content does not match a JPEG or PNG');
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width * height > rules.maxPixels) throw refuseImage(fileName, 'max_pixels', 'more than 40 megapixels');
  if (width < rules.minSide || height < rules.minSide) {
    throw refuseImage(fileName, 'min_size', `${width}×${height} is smaller than 512×512`);
  }
  // failOn 'warning' rejects truncated or corrupt data instead of decoding a partial image.
  const image = sharp(bytes, { limitInputPixels: rules.maxPixels, failOn: 'warning' }).rotate();
  try {
    const [trainingCopy, thumbnail, hash, copy] = await withDecodeSlot(() =>
      Promise.all([
        image.clone().resize(rules.trainingSide, rules.trainingSide, { fit: 'outside' }).png().toBuffer(),
        image
          .clone()
          .resize(rules.thumbnailSide, rules.thumbnailSide, { fit: 'cover' })
          .webp({ quality: 80 })
          .toBuffer(),
        perceptualHash(image),
        copyHash(image),
      ]),
    );
    const sha256 = sha256Hex(bytes);
    return {
      format,
      width,
      height,
      original: bytes,
      sha256,
      perceptualHash: hash,
      copyHash: copy,
      trainingCopy,
      thumbnail,
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuseImage(fileName, 'decode', 'is truncated or corrupt', error);
  }
}
