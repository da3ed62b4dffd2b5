/**
 * Turns an uploaded signature into its one stored form: an RGBA PNG exactly SIGNATURE_HEIGHT_PX high and at
 * most SIGNATURE_MAX_WIDTH_PX wide, trimmed of its uniform border. Only real PNG and JPEG bytes are decoded.
 */
import sharp, { type OutputInfo } from 'sharp';
import {
  AppError,
  SIGNATURE_HEIGHT_PX,
  SIGNATURE_MAX_BYTES,
  SIGNATURE_MAX_WIDTH_PX,
} from '@style-license/shared';
import { sniffRasterFormat, type RasterFormat } from '../../security/image-format';

/** Decoded-size ceiling: a small file can still declare a gigapixel canvas (a decompression bomb). */
export const SIGNATURE_MAX_PIXELS = 40_000_000;
/** A signature this small decodes in milliseconds; anything slower is hostile or broken. */
const DECODE_TIMEOUT_SECONDS = 10;
const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };
type SignatureFormat = RasterFormat;

function refuse(rule: string, message: string, cause?: unknown): AppError {
  return new AppError('VALIDATION_FAILED', message, {
    details: [{ path: 'signature', rule, message }],
    cause,
  });
}

function sniffFormat(bytes: Buffer): SignatureFormat {
  const format = sniffRasterFormat(bytes);
  if (!format) throw refuse('format', 'The signature must be a PNG or JPG image');
  return format;
}

/** Reads only the header: the decoder must agree with the magic number, and the canvas must be sane. */
async function checkHeader(bytes: Buffer, sniffed: SignatureFormat): Promise<void> {
  const meta = await sharp(bytes)
    .metadata()
    .catch((error: unknown) => {
      throw refuse('format', 'The signature image could not be read', error);
    });
  if (meta.format !== sniffed) throw refuse('format', 'The signature must be a PNG or JPG image');
  if (!meta.width || !meta.height || meta.width * meta.height > SIGNATURE_MAX_PIXELS) {
    throw refuse('max_pixels', `The signature image must have at most ${SIGNATURE_MAX_PIXELS} pixels`);
  }
}

/**
 * One decoding pass: upright, sRGB with alpha (a JPG gets an opaque alpha channel), the border the colour
 * of the top-left pixel trimmed, then scaled to the fixed height unless that would pass the width cap.
 */
async function trimAndScale(bytes: Buffer): Promise<{ data: Buffer; info: OutputInfo }> {
  try {
    return await sharp(bytes, { limitInputPixels: SIGNATURE_MAX_PIXELS })
      .autoOrient()
      .toColourspace('srgb')
      .ensureAlpha()
      .trim()
      .resize({ height: SIGNATURE_HEIGHT_PX, width: SIGNATURE_MAX_WIDTH_PX, fit: 'inside' })
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
      .png()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw refuse('format', 'The signature image could not be read', error);
  }
}

/**
 * Nothing to sign with: fully transparent, or one flat colour. (Trimming such an image keeps it whole,
 * since there is no foreground to keep, so this is checked on the result.)
 */
async function isBlank(png: Buffer): Promise<boolean> {
  const { channels } = await sharp(png).stats();
  const alpha = channels[3];
  return (alpha !== undefined && alpha.max === 0) || channels.every((c) => c.min === c.max);
}

/** A signature wider than the cap came out shorter than the fixed height: centre it on transparent rows. */
async function padToHeight(png: Buffer, height: number): Promise<Buffer> {
  if (height >= SIGNATURE_HEIGHT_PX) return png;
  const missing = SIGNATURE_HEIGHT_PX - height;
  const top = Math.floor(missing / 2);
  return sharp(png)
    .extend({ top, bottom: missing - top, background: TRANSPARENT })
    .png()
    .toBuffer();
}

/**
 * Validates and normalises signature bytes; every refusal is a VALIDATION_FAILED AppError whose detail
 * names the rule (max_size, format, max_pixels, not_empty). Pure apart from CPU: it stores nothing.
 */
export async function normaliseSignature(bytes: Buffer): Promise<Buffer> {
  if (bytes.length > SIGNATURE_MAX_BYTES) {
    throw refuse('max_size', `The signature must be at most ${SIGNATURE_MAX_BYTES / 1024 / 1024} MB`);
  }
  await checkHeader(bytes, sniffFormat(bytes));
  const { data, info } = await trimAndScale(bytes);
  if (await isBlank(data)) throw refuse('not_empty', 'The signature image is empty');
  return padToHeight(data, info.height);
}
