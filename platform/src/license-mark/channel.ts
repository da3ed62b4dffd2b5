/**
 * Pixels to and from the one channel the mark lives in, and the geometry the detector needs (folding
 * onto the tile, resampling).
 *
 * The channel is the blue-difference chroma Cb of JPEG's YCbCr (ITU-R BT.601, full range), and the mark
 * moves pixels along pure Cb: luma Y and red-difference Cr stay as they were. Why Cb: the eye's
 * contrast sensitivity to blue-yellow modulation is several times lower than to luminance at the
 * mark's spatial frequencies (Mullen 1985; the reason JPEG and every video codec subsample chroma), and
 * image content carries much less energy in Cb than in Y, so the host interferes less with the mark.
 * The price is JPEG's coarser chroma quantisers, which the low frequencies chosen in tile.ts keep small.
 */
import { TILE, TILE_PIXELS } from './tile';

export interface MarkPixels {
  /** Interleaved 8-bit RGB or RGBA, as `sharp(...).raw().toBuffer({ resolveWithObject: true })` gives. */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: number;
}

const CB_OF_RGB = [-0.168736, -0.331264, 0.5] as const;
/** How R, G, B move for a unit change of Cb at constant Y and Cr (the inverse BT.601 matrix's column). */
export const RGB_OF_CB = [0, -0.344136, 1.772] as const;
/** Mean squared RGB change per unit² of Cb change: (0² + 0.344² + 1.772²) / 3. */
export const RGB_ENERGY_PER_CB = RGB_OF_CB.reduce<number>((sum, c) => sum + c * c, 0) / 3;

export function checkPixels(pixels: MarkPixels): void {
  const { data, width, height, channels } = pixels;
  if (channels !== 3 && channels !== 4)
    throw new Error(`expected RGB or RGBA pixels, not ${channels} channels`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`bad image size ${width}×${height}`);
  if (data.length !== width * height * channels)
    throw new Error(`pixel data has ${data.length} bytes, expected ${width * height * channels}`);
}

/** The Cb channel with its mean removed, so that folding partial tiles adds no artificial edges. */
export function chromaOf(pixels: MarkPixels): Float32Array {
  const { data, width, height, channels } = pixels;
  const cb = new Float32Array(width * height);
  let sum = 0;
  for (let i = 0, p = 0; i < cb.length; i++, p += channels) {
    const value = CB_OF_RGB[0] * data[p]! + CB_OF_RGB[1] * data[p + 1]! + CB_OF_RGB[2] * data[p + 2]!;
    cb[i] = value;
    sum += value;
  }
  const mean = sum / cb.length;
  for (let i = 0; i < cb.length; i++) cb[i] = cb[i]! - mean;
  return cb;
}

/** The channel summed onto one tile: position (x mod TILE, y mod TILE). */
export function foldOntoTile(channel: Float32Array, width: number, height: number): Float64Array {
  const tile = new Float64Array(TILE_PIXELS);
  for (let y = 0; y < height; y++) {
    const row = (y & (TILE - 1)) * TILE;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const t = row + (x & (TILE - 1));
      tile[t] = tile[t]! + channel[i]!;
    }
  }
  return tile;
}

/**
 * The channel resampled to `width`×`height` and turned by `degrees` about the centre (bilinear, pixel
 * centres aligned as in libvips), which undoes a resize and a rotation by those amounts. Outside the
 * source is 0, the channel's mean.
 */
export function warp(
  channel: Float32Array,
  from: { width: number; height: number },
  to: { width: number; height: number },
  degrees: number,
): Float32Array {
  const out = new Float32Array(to.width * to.height);
  const scaleX = from.width / to.width;
  const scaleY = from.height / to.height;
  const cos = Math.cos((degrees * Math.PI) / 180);
  const sin = Math.sin((degrees * Math.PI) / 180);
  const [cx, cy] = [to.width / 2, to.height / 2];
  for (let y = 0; y < to.height; y++) {
    const dy = y + 0.5 - cy;
    for (let x = 0; x < to.width; x++) {
      const dx = x + 0.5 - cx;
      // Turning the output by `degrees` samples the source at the inverse rotation of each pixel.
      const sx = (cos * dx + sin * dy + cx) * scaleX - 0.5;
      const sy = (-sin * dx + cos * dy + cy) * scaleY - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= from.width || y0 + 1 >= from.height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * from.width + x0;
      const top = channel[i]! + (channel[i + 1]! - channel[i]!) * fx;
      const bottom =
        channel[i + from.width]! + (channel[i + from.width + 1]! - channel[i + from.width]!) * fx;
      out[y * to.width + x] = top + (bottom - top) * fy;
    }
  }
  return out;
}
