/**
 * The signature stamp as the browser previews it: the layer and its blending are the worker's own
 * (shared `layerFromInk` and `compositeSignatureLayer`), placed by the shared `signatureBox`.
 * The server's normalising step (server/src/domains/artists/signature.ts) is mirrored too: the border the
 * colour of the top-left pixel is trimmed, and the rest is scaled to SIGNATURE_HEIGHT_PX high (at most
 * SIGNATURE_MAX_WIDTH_PX wide, centred on transparent rows). Pure: plain RGBA arrays in and out, so the
 * geometry and the blending are tested without a browser; the canvas only decodes and resizes.
 */
import {
  SIGNATURE_HEIGHT_PX,
  SIGNATURE_MAX_WIDTH_PX,
  outlinePixels,
  signatureBox,
  type Box,
} from '@style-license/shared';

export interface Size {
  width: number;
  height: number;
}

/** RGBA, 8 bits a channel, row by row (an ImageData has this shape). */
export interface Rgba extends Size {
  data: Uint8ClampedArray | Uint8Array;
}

/** libvips' default trim threshold: a pixel this close to the background colour is background. */
const TRIM_THRESHOLD = 10;

/** The bounds of what is not the top-left pixel's colour; null when the whole image is that colour. */
export function trimBounds(image: Rgba): Box | null {
  const { data, width, height } = image;
  const bg = [data[0]!, data[1]!, data[2]!, data[3]!];
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      let far = false;
      for (let c = 0; c < 4; c++) if (Math.abs(data[i + c]! - bg[c]!) > TRIM_THRESHOLD) far = true;
      if (!far) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  if (right < 0) return null;
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * The stored signature's size and where the trimmed ink sits in it: scaled to the fixed height unless
 * that passes the width cap, then centred on transparent rows (the server's `encodePadded`).
 */
export function storedSignature(trimmed: Size): { size: Size; ink: Box } {
  const scale = Math.min(SIGNATURE_HEIGHT_PX / trimmed.height, SIGNATURE_MAX_WIDTH_PX / trimmed.width);
  const width = Math.max(1, Math.round(trimmed.width * scale));
  const height = Math.max(1, Math.min(SIGNATURE_HEIGHT_PX, Math.round(trimmed.height * scale)));
  const top = Math.floor((SIGNATURE_HEIGHT_PX - height) / 2);
  return { size: { width, height: SIGNATURE_HEIGHT_PX }, ink: { left: 0, top, width, height } };
}

/** Where the stamp goes on an image and how thick its outline is: the shared rules, nothing else. */
export function stampGeometry(image: Size, signature: Size) {
  const box = signatureBox(image, signature);
  const outline = outlinePixels(image.width);
  const footprint: Box = {
    left: box.left - outline,
    top: box.top - outline,
    width: box.width + 2 * outline,
    height: box.height + 2 * outline,
  };
  return { box, outline, footprint };
}
