/**
 * The signature stamp, as the browser previews it, by the same rules as the GPU worker
 * (gpu-worker/src/signing/signature-layer.ts): geometry from shared `signatureBox` and `outlinePixels`,
 * the ink's alpha dilated by a digital disc into a white or black outline chosen by the ink's luminance,
 * ink over outline, the whole layer at SIGNATURE_RULES.opacity, blended "over" the picture.
 * The server's normalising step (server/src/domains/artists/signature.ts) is mirrored too: the border the
 * colour of the top-left pixel is trimmed, and the rest is scaled to SIGNATURE_HEIGHT_PX high (at most
 * SIGNATURE_MAX_WIDTH_PX wide, centred on transparent rows). Pure: plain RGBA arrays in and out, so the
 * geometry and the blending are tested without a browser; the canvas only decodes and resizes.
 */
import {
  SIGNATURE_HEIGHT_PX,
  SIGNATURE_MAX_WIDTH_PX,
  SIGNATURE_RULES,
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

/** Below this mean luminance (0–255) the ink counts as dark and gets a white outline (as the worker). */
export const DARK_INK_LUMINANCE = 128;
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

/** Alpha-weighted mean luminance (Rec. 709 on sRGB values) of the ink; null when it is blank. */
export function inkLuminance(ink: Rgba): number | null {
  const { data } = ink;
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]!;
    weighted += a * (0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!);
    total += a;
  }
  return total === 0 ? null : weighted / total;
}

export type OutlineColour = 'white' | 'black';

export const outlineColourOf = (ink: Rgba): OutlineColour =>
  (inkLuminance(ink) ?? 0) < DARK_INK_LUMINANCE ? 'white' : 'black';

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

/** Offsets within radius r as a digital disc (dx² + dy² ≤ r² + r), the worker's `discOffsets`. */
export function discOffsets(radius: number): [number, number][] {
  const offsets: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++)
      if (dx * dx + dy * dy <= radius * radius + radius) offsets.push([dx, dy]);
  return offsets;
}

export interface StampLayer {
  box: Box;
  footprint: Box;
  outline: number;
  outlineColour: OutlineColour;
  /** RGBA premultiplied, 0–1, opacity applied, over the footprint. */
  premultiplied: Float32Array;
}

/** The layer for one image width, from the ink already resized to exactly `box` (as the worker does). */
export function buildStampLayer(ink: Rgba, box: Box, imageWidth: number): StampLayer {
  if (ink.width !== box.width || ink.height !== box.height) throw new Error('ink must fill the box');
  const r = outlinePixels(imageWidth);
  const outlineColour = outlineColourOf(ink);
  const footprint = {
    left: box.left - r,
    top: box.top - r,
    width: box.width + 2 * r,
    height: box.height + 2 * r,
  };
  const W = footprint.width;
  const outlineAlpha = new Uint8Array(W * footprint.height);
  const offsets = discOffsets(r);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const a = ink.data[(y * box.width + x) * 4 + 3]!;
      if (a === 0) continue;
      for (const [dx, dy] of offsets) {
        const j = (y + r + dy) * W + (x + r + dx);
        if (outlineAlpha[j]! < a) outlineAlpha[j] = a;
      }
    }
  }
  const o = outlineColour === 'white' ? 1 : 0;
  const opacity = SIGNATURE_RULES.opacity;
  const premultiplied = new Float32Array(W * footprint.height * 4);
  for (let y = 0; y < footprint.height; y++) {
    for (let x = 0; x < W; x++) {
      const j = y * W + x;
      const ao = outlineAlpha[j]! / 255;
      if (ao === 0) continue;
      const ix = x - r;
      const iy = y - r;
      const inside = ix >= 0 && iy >= 0 && ix < box.width && iy < box.height;
      const i = (iy * box.width + ix) * 4;
      const ai = inside ? ink.data[i + 3]! / 255 : 0;
      const under = ao * (1 - ai);
      const k = j * 4;
      for (let c = 0; c < 3; c++)
        premultiplied[k + c] = opacity * ((inside ? (ink.data[i + c]! / 255) * ai : 0) + o * under);
      premultiplied[k + 3] = opacity * (ai + under);
    }
  }
  return { box, footprint, outline: r, outlineColour, premultiplied };
}

const toByte = (v: number) => (v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255));

/** Blends the layer over opaque RGBA pixels in place, clipped to the image; only the footprint changes. */
export function compositeStamp(pixels: Rgba, layer: StampLayer): void {
  const { data, width, height } = pixels;
  const { footprint, premultiplied } = layer;
  const x1 = Math.min(width, footprint.left + footprint.width);
  const y1 = Math.min(height, footprint.top + footprint.height);
  for (let y = Math.max(0, footprint.top); y < y1; y++) {
    for (let x = Math.max(0, footprint.left); x < x1; x++) {
      const k = ((y - footprint.top) * footprint.width + (x - footprint.left)) * 4;
      const a = premultiplied[k + 3]!;
      if (a === 0) continue;
      const p = (y * width + x) * 4;
      for (let c = 0; c < 3; c++)
        data[p + c] = toByte(premultiplied[k + c]! + (data[p + c]! / 255) * (1 - a));
    }
  }
}
