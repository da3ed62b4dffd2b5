/**
 * The signature stamp's pixels, by the rules of signing.ts: the ink (already resized to fill
 * `signatureBox` exactly) ringed by a contrasting outline `outlinePixels` wide — the ink's alpha dilated
 * by a digital disc, white round dark ink and black round light ink — ink over outline, the whole layer
 * at the rules' opacity, blended "over" the image. Pure arithmetic on RGBA arrays, so the GPU worker
 * (after decoding and resizing with sharp) and the web client's preview (after a canvas did) stamp the
 * same way by construction. Invariant: the layer covers the box grown by the outline on every side and
 * nothing else; the margin (3% of the width) leaves room for that growth, and compositing clips anyway.
 */
import { SIGNATURE_RULES, outlinePixels, type Box } from './signing';

/** 8 bits a channel, row by row (an ImageData or a sharp raw buffer has this shape). */
export interface RgbaPixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** An image to stamp: RGB or RGBA, 8 bits a channel. */
export interface RawPixels extends RgbaPixels {
  channels: 3 | 4;
}

export type OutlineColour = 'white' | 'black';

export interface SignatureLayer {
  /** Where the ink goes: exactly `signatureBox(image, signature)`. */
  box: Box;
  /** What the layer covers: the box grown by `outline` pixels on each side (may reach past the image). */
  footprint: Box;
  outline: number;
  outlineColour: OutlineColour;
  /**
   * RGBA, premultiplied, 0–1, opacity applied: floats so the only rounding is the final pixel's. Pixel
   * (x, y) of the footprint is at `((y * footprint.width) + x) * 4`.
   */
  premultiplied: Float32Array;
}

/** Below this mean luminance (0–255) the ink counts as dark and gets a white outline. */
export const DARK_INK_LUMINANCE = 128;

/**
 * Offsets within radius r, as a "digital disc" (dx² + dy² ≤ r² + r): rounder than a square, and at r = 1
 * the full 3×3 neighbourhood, so diagonal strokes are outlined too.
 */
export function discOffsets(radius: number): [number, number][] {
  const offsets: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++)
      if (dx * dx + dy * dy <= radius * radius + radius) offsets.push([dx, dy]);
  return offsets;
}

/** Alpha-weighted mean luminance (Rec. 709 weights on the sRGB values) of the ink; null when blank. */
export function inkLuminance(ink: RgbaPixels): number | null {
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

export const outlineColourOf = (ink: RgbaPixels): OutlineColour =>
  (inkLuminance(ink) ?? 0) < DARK_INK_LUMINANCE ? 'white' : 'black';

/** The layer for an image `imageWidth` wide, from the ink already resized to exactly `box`. */
export function layerFromInk(ink: RgbaPixels, box: Box, imageWidth: number): SignatureLayer {
  if (ink.width !== box.width || ink.height !== box.height) throw new Error('the ink must fill the box');
  const r = outlinePixels(imageWidth);
  const outlineColour = outlineColourOf(ink);
  const footprint = {
    left: box.left - r,
    top: box.top - r,
    width: box.width + 2 * r,
    height: box.height + 2 * r,
  };
  const W = footprint.width;

  // Dilation: each ink pixel raises the outline alpha of its disc neighbourhood to at least its own.
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

  // Ink over outline, then the whole layer at the rules' opacity, kept premultiplied for one blend.
  const o = outlineColour === 'white' ? 1 : 0;
  const opacity = SIGNATURE_RULES.opacity;
  const premultiplied = new Float32Array(W * footprint.height * 4);
  for (let y = 0; y < footprint.height; y++) {
    for (let x = 0; x < W; x++) {
      const j = y * W + x;
      const ao = outlineAlpha[j]! / 255;
      if (ao === 0) continue; // the outline covers the ink, so no outline means no layer here
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

/**
 * Blends the layer over the pixels in place ("over" operator), clipped to the image. Only the footprint
 * is touched, so every other byte stays exactly as the engine made it.
 */
export function compositeSignatureLayer(pixels: RawPixels, layer: SignatureLayer): void {
  const { data, width, height, channels } = pixels;
  const { footprint, premultiplied } = layer;
  const x0 = Math.max(0, footprint.left);
  const y0 = Math.max(0, footprint.top);
  const x1 = Math.min(width, footprint.left + footprint.width);
  const y1 = Math.min(height, footprint.top + footprint.height);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const k = ((y - footprint.top) * footprint.width + (x - footprint.left)) * 4;
      const a = premultiplied[k + 3]!;
      if (a === 0) continue;
      const p = (y * width + x) * channels;
      if (channels === 3) {
        for (let c = 0; c < 3; c++)
          data[p + c] = toByte(premultiplied[k + c]! + (data[p + c]! / 255) * (1 - a));
        continue;
      }
      const below = (data[p + 3]! / 255) * (1 - a);
      const out = a + below;
      for (let c = 0; c < 3; c++)
        data[p + c] = toByte((premultiplied[k + c]! + (data[p + c]! / 255) * below) / out);
      data[p + 3] = toByte(out);
    }
  }
}
