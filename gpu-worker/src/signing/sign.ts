/**
 * Signing an image made from a style, entirely in memory: decode the engine's unsigned PNG once, add the
 * invisible license mark (a bought image only: it names the license), blend the signature layer into
 * the raw pixels, encode the signed pixels with their metadata and, last, add content credentials (a
 * signed C2PA manifest binding these exact bytes: the license's hash is taken after it). A bought image is encoded twice
 * in parallel (the PNG that is the licensed file, and a WebP preview for the feed), both carrying the
 * license metadata; a training sample only as the same WebP preview, carrying the sample metadata.
 * Invariant: nothing here writes anywhere; the unsigned bytes exist only in the caller's buffer and in
 * the decoded copy that this module overwrites with the signature before any encode.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { addContentCredentials, type CredentialSigner } from '@style-license/platform/content-credentials';
import { DEFAULT_MARK_KEY, embedMark, markPayloadOf } from '@style-license/platform/license-mark';
import type { Box } from '@style-license/shared';
import type { LruCache } from '../engines/artifact-cache';
import {
  licenseMetadata,
  sampleMetadata,
  type EmbeddedMetadata,
  type LicenseMetadata,
  type SampleMetadata,
} from './metadata';
import {
  buildSignatureLayer,
  compositeSignatureLayer,
  type ImageSize,
  type RawPixels,
  type SignatureLayer,
} from './signature-layer';
import { credentialClaimOf, developmentCredentialSigner } from './credentials';
import { withBareWebpExif } from './webp-exif';

/**
 * The licensed file's encoding, also the benchmark's bare encode: zlib level 6 (the engine's own setting)
 * without adaptive filtering, which on the synthetic artworks took ~1.6–2× as long for larger files.
 */
export const SIGNED_PNG_OPTIONS = { compressionLevel: 6, adaptiveFiltering: false } as const;
/** The feed preview: lossy, same size as the image, so the signature shows exactly as on the PNG. */
export const PREVIEW_WEBP_OPTIONS = { quality: 80, effort: 4 } as const;

export interface SignRequest {
  /** The engine's unsigned PNG (any format sharp decodes). Never stored: only read here. */
  image: Buffer;
  /** The artist's normalised signature: an RGBA PNG on a transparent background. */
  signature: Buffer;
  meta: LicenseMetadata;
}

export interface SignedImage {
  png: Buffer;
  webp: Buffer;
  /** SHA-256 (hex) of `png`: the license binds to exactly these bytes. */
  sha256: string;
  /** Where the signature ink is, per `signatureBox`. */
  box: Box;
  /** Every pixel that signing may change: the box grown by the outline. Outside it, pixels are untouched. */
  footprint: Box;
}

/** Decodes to 8-bit sRGB, keeping an alpha channel only if the image has one. */
export async function decodePixels(image: Buffer): Promise<RawPixels> {
  const { data, info } = await sharp(image)
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4)
    throw new Error(`unexpected channel count ${info.channels}`);
  return { data, width: info.width, height: info.height, channels: info.channels };
}

const encoder = (pixels: RawPixels, meta: EmbeddedMetadata) =>
  sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
    .withExif(meta.exif)
    .withXmp(meta.xmp);

const encodePreview = (pixels: RawPixels, meta: EmbeddedMetadata) =>
  encoder(pixels, meta).webp(PREVIEW_WEBP_OPTIONS).toBuffer().then(withBareWebpExif);

/**
 * The signing core on decoded pixels: marks a copy with the license (the mark goes first, so the
 * visible signature covers it where they overlap rather than being disturbed by it), builds the layer
 * unless one is given, blends it in place, then encodes the signed PNG and, when asked, the WebP preview
 * side by side from the same pixels. The benchmark times this without the preview.
 */
export async function signPixels(
  pixels: RawPixels,
  signature: Buffer | SignatureLayer,
  meta: LicenseMetadata,
  {
    preview = true,
    markKey = DEFAULT_MARK_KEY,
    credentials = developmentCredentialSigner(),
  }: { preview?: boolean; markKey?: string; credentials?: CredentialSigner } = {},
): Promise<{ png: Buffer; webp: Buffer | undefined; layer: SignatureLayer }> {
  const marked = embedMark(pixels, markPayloadOf(meta.licenseId), markKey);
  const layer = Buffer.isBuffer(signature) ? await buildSignatureLayer(signature, marked) : signature;
  compositeSignatureLayer(marked, layer);
  const embedded = licenseMetadata(meta);
  const claim = credentialClaimOf(meta);
  const [png, webp] = await Promise.all([
    encoder(marked, embedded)
      .png(SIGNED_PNG_OPTIONS)
      .toBuffer()
      .then((file) => addContentCredentials(file, 'png', claim, credentials)),
    preview
      ? encodePreview(marked, embedded).then((file) =>
          addContentCredentials(file, 'webp', { ...claim, title: `${meta.licenseId}.webp` }, credentials),
        )
      : undefined,
  ]);
  return { png, webp, layer };
}

export interface SignOptions {
  /**
   * Built layers by signature content and image size: a worker signs many images of one style at one
   * size, and building the layer (decode, resize, dilate) costs about a fifth of a 512-px PNG encode.
   */
  layers?: LruCache<SignatureLayer>;
  /**
   * The license mark's key (LICENSE_MARK_KEY): the server reads marks with the same one. The public
   * default serves development and tests; production configuration refuses it.
   */
  markKey?: string;
  /** Signs the content credentials (CONTENT_CREDENTIALS_*); the development signer when absent. */
  credentials?: CredentialSigner;
}

function layerFor(signature: Buffer, size: ImageSize, layers?: LruCache<SignatureLayer>) {
  if (!layers) return buildSignatureLayer(signature, size);
  const digest = createHash('sha256').update(signature).digest('hex');
  return layers.get(`${digest}:${size.width}x${size.height}`, () => buildSignatureLayer(signature, size));
}

export async function signGeneratedImage(
  { image, signature, meta }: SignRequest,
  { layers, ...keys }: SignOptions = {},
): Promise<SignedImage> {
  const pixels = await decodePixels(image);
  const layer = await layerFor(signature, pixels, layers);
  const { png, webp } = await signPixels(pixels, layer, meta, keys);
  const sha256 = createHash('sha256').update(png).digest('hex');
  return { png, webp: webp!, sha256, box: layer.box, footprint: layer.footprint };
}

export interface SampleSignRequest extends Omit<SignRequest, 'meta'> {
  meta: SampleMetadata;
}

export interface SignedSample {
  /** The only form a sample is stored in: the feed preview's encoding, same size as the engine's image. */
  webp: Buffer;
  box: Box;
  footprint: Box;
}

/**
 * A style sample, signed by the same rules as a bought image (same layer, same blend) but encoded only
 * as the WebP preview: a sample is for looking at, not a licensed file, so there is no PNG or hash.
 */
export async function signSampleImage(
  { image, signature, meta }: SampleSignRequest,
  { layers }: SignOptions = {},
): Promise<SignedSample> {
  const pixels = await decodePixels(image);
  const layer = await layerFor(signature, pixels, layers);
  compositeSignatureLayer(pixels, layer);
  const webp = await encodePreview(pixels, sampleMetadata(meta));
  return { webp, box: layer.box, footprint: layer.footprint };
}
