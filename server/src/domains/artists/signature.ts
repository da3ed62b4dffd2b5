/**
 * Turns an uploaded signature into its one stored form: an RGBA PNG exactly SIGNATURE_HEIGHT_PX high and at
 * most SIGNATURE_MAX_WIDTH_PX wide, trimmed of its uniform border, and visible once stamped
 * (signature-visibility.ts). Only real PNG and JPEG bytes are decoded.
 */
import sharp, { type OutputInfo } from 'sharp';
import {
  AppError,
  resources,
  SIGNATURE_HEIGHT_PX,
  SIGNATURE_MAX_BYTES,
  SIGNATURE_MAX_WIDTH_PX,
} from '@style-license/shared';
import { withDecodeSlot } from '../../security/decode-slots';
import { sniffRasterFormat, type RasterFormat } from '@style-license/platform/images';
import {
  SIGNATURE_VISIBILITY,
  isTooSmall,
  notVisibleReason,
  type NotVisibleReason,
} from './signature-visibility';

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
  // Also spares the decoder a canvas too small to trim (libvips needs 3×3).
  if (isTooSmall({ width: meta.width, height: meta.height })) throw notVisible('too_small');
}

/** The English of i18n signatureRules, which clients translate by rule and reason. */
const RULES = resources.en.signatureRules;
const notVisibleMessage = (reason: NotVisibleReason) =>
  RULES.not_visible[reason].replaceAll('{{min}}', String(SIGNATURE_VISIBILITY.minSidePx));

/** The reason is the detail's `value`, so a client can show its own words for it (i18n signatureRules). */
function notVisible(reason: NotVisibleReason): AppError {
  const message = notVisibleMessage(reason);
  return new AppError('VALIDATION_FAILED', message, {
    details: [{ path: 'signature', rule: 'not_visible', message, value: reason }],
  });
}

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

const rawInput = ({ width, height }: Raw) => ({ raw: { width, height, channels: 4 as const } });

async function decoding(step: Promise<{ data: Buffer; info: OutputInfo }>): Promise<Raw> {
  try {
    const { data, info } = await step;
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw refuse('format', 'The signature image could not be read', error);
  }
}

/**
 * Decoded upright, sRGB with alpha (a JPG gets an opaque alpha channel), the border the colour of the
 * top-left pixel trimmed. Raw, because the trimmed size is one of the rules.
 */
const decodeTrimmed = (bytes: Buffer) =>
  decoding(
    sharp(bytes, { limitInputPixels: SIGNATURE_MAX_PIXELS })
      .autoOrient()
      .toColourspace('srgb')
      .ensureAlpha()
      .trim()
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );

/** Scaled to the fixed height unless that would pass the width cap. */
const scaleToStoredSize = (trimmed: Raw) =>
  decoding(
    sharp(trimmed.data, rawInput(trimmed))
      .resize({ height: SIGNATURE_HEIGHT_PX, width: SIGNATURE_MAX_WIDTH_PX, fit: 'inside' })
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );

/**
 * Nothing to sign with: fully transparent, or one flat colour. (Trimming such an image keeps it whole,
 * since there is no foreground to keep, so this is checked on the result.)
 */
function isBlank({ data }: Raw): boolean {
  let alpha = 0;
  let flat = true;
  for (let i = 0; i < data.length; i += 1) {
    if (i % 4 === 3) alpha |= data[i]!;
    if (data[i] !== data[i % 4]) flat = false;
  }
  return alpha === 0 || flat;
}

/** The stored PNG; a signature wider than the cap came out shorter than the fixed height: centre it on transparent rows. */
function encodePadded(scaled: Raw): Promise<Buffer> {
  const missing = SIGNATURE_HEIGHT_PX - scaled.height;
  const top = Math.floor(missing / 2);
  const image = sharp(scaled.data, rawInput(scaled));
  if (missing > 0) image.extend({ top, bottom: missing - top, background: TRANSPARENT });
  return image.png().toBuffer();
}

/**
 * Validates and normalises signature bytes; every refusal is a VALIDATION_FAILED AppError whose detail
 * names the rule (max_size, format, max_pixels, not_empty, not_visible with its reason as the value).
 * Pure apart from CPU: it stores nothing.
 */
export async function normaliseSignature(bytes: Buffer): Promise<Buffer> {
  if (bytes.length > SIGNATURE_MAX_BYTES) {
    throw refuse('max_size', `The signature must be at most ${SIGNATURE_MAX_BYTES / 1024 / 1024} MB`);
  }
  await checkHeader(bytes, sniffFormat(bytes));
  return withDecodeSlot(() => checkedSignature(bytes));
}

async function checkedSignature(bytes: Buffer): Promise<Buffer> {
  const trimmed = await decodeTrimmed(bytes);
  if (isTooSmall(trimmed)) throw notVisible('too_small');
  const scaled = await scaleToStoredSize(trimmed);
  if (isBlank(scaled)) throw refuse('not_empty', RULES.not_empty);
  const reason = notVisibleReason(scaled);
  if (reason) throw notVisible(reason);
  return encodePadded(scaled);
}
