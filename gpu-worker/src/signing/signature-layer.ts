/**
 * The signature overlay for one image size: sharp decodes the artist's signature and resizes it to fill
 * `signatureBox` exactly; the layer itself (outline, opacity, blending) is the shared, pure
 * `layerFromInk` / `compositeSignatureLayer` (shared/src/signature-layer.ts), the same arithmetic the web
 * client's stamp preview runs in the browser.
 */
import sharp from 'sharp';
import { layerFromInk, signatureBox, type SignatureLayer } from '@style-license/shared';

export {
  compositeSignatureLayer,
  discOffsets,
  type OutlineColour,
  type RawPixels,
  type SignatureLayer,
} from '@style-license/shared';

export interface ImageSize {
  width: number;
  height: number;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's size from its IHDR chunk (always first), sparing a libvips call; other formats ask sharp. */
async function dimensionsOf(image: Buffer): Promise<ImageSize> {
  if (
    image.length >= 24 &&
    image.subarray(0, 8).equals(PNG_MAGIC) &&
    image.toString('latin1', 12, 16) === 'IHDR'
  )
    return { width: image.readUInt32BE(16), height: image.readUInt32BE(20) };
  const { width, height } = await sharp(image).metadata();
  if (!width || !height) throw new Error('signature image has no dimensions');
  return { width, height };
}

export async function buildSignatureLayer(signaturePng: Buffer, image: ImageSize): Promise<SignatureLayer> {
  const box = signatureBox(image, await dimensionsOf(signaturePng));
  // sharp premultiplies around the resize, so transparent pixels do not bleed dark fringes into the ink.
  const ink = await sharp(signaturePng)
    .toColourspace('srgb')
    .ensureAlpha()
    .resize(box.width, box.height, { fit: 'fill' })
    .raw({ depth: 'uchar' })
    .toBuffer();
  return layerFromInk({ data: ink, width: box.width, height: box.height }, box, image.width);
}
