/**
 * Whether a signature will be seen once stamped by the rules of shared/src/signing.ts: 18% of the image
 * width, at 80% opacity, ringed by a white or black outline chosen from the ink's luminance. Pure (RGBA
 * bytes in, a reason out), so a web or desktop form could run the same check on canvas pixels.
 */
import { SIGNATURE_MIN_SIDE_PX } from '@style-license/shared';

/** The thresholds, each with why. Measured on the trimmed signature, scaled as it is stored. */
export const SIGNATURE_VISIBILITY = {
  /**
   * Smallest side of the canvas and of the trimmed signature, in the uploaded pixels. The stored form is
   * 160 px high, so a 16-px signature is already enlarged ten times into a blur; below that it is a dot.
   */
  minSidePx: SIGNATURE_MIN_SIDE_PX,
  /**
   * An ink pixel is at least half opaque: the stamp's 80% opacity leaves it covering at least 40% of the
   * image under it. Ink of alpha 1 or 8 would cover 0.3% or 2.5%: nothing anyone sees.
   */
  minInkAlpha: 128,
  /**
   * At least 0.5% of the trimmed signature must be ink, and 0.5% must stand out (below). One 2-px pen
   * curve across a 600×200 pad measures about 2%, a 3-px curve on a 2400×800 scan 1%, the 8-px test
   * stroke 7%; a few stray pixels on an empty canvas measure under 0.1%, and stamp as specks.
   */
  minInkShare: 0.005,
  /**
   * WCAG's minimum contrast for graphical objects (3:1), between a stroke and the signature's background
   * tone once the ink is laid over its outline colour, as the stamp lays it.
   */
  minContrastRatio: 3,
} as const;

export const NOT_VISIBLE_REASONS = ['too_small', 'too_faint', 'low_contrast'] as const;
export type NotVisibleReason = (typeof NOT_VISIBLE_REASONS)[number];

export interface RgbaPixels {
  /** 8-bit RGBA, unpremultiplied, sRGB, row by row. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** `too_small`: the canvas, or the signature once trimmed, is under minSidePx on a side. */
export function isTooSmall(size: { width: number; height: number }): boolean {
  return Math.min(size.width, size.height) < SIGNATURE_VISIBILITY.minSidePx;
}

/** Below this alpha-weighted mean luminance (0–255) the ink counts as dark and gets a white outline. */
const DARK_INK_LUMINANCE = 128;

/**
 * The outline colour the stamp will use: the worker's rule (gpu-worker signature-layer.ts), Rec. 709
 * weights on the sRGB values, weighted by alpha; blank ink counts as dark.
 */
export function outlineColourOf(rgba: Uint8Array): 'white' | 'black' {
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3]!;
    weighted += a * (0.2126 * rgba[i]! + 0.7152 * rgba[i + 1]! + 0.0722 * rgba[i + 2]!);
    total += a;
  }
  return total > 0 && weighted / total >= DARK_INK_LUMINANCE ? 'black' : 'white';
}

/** sRGB 0–255 → linear light, for WCAG relative luminance. */
const LINEAR = Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/**
 * Relative luminance of each pixel as the stamp shows it: the ink over its outline colour, blended in
 * sRGB like the stamp's compositing.
 */
function stampedLuminance({ data }: RgbaPixels, outline: number): Float32Array {
  const luminance = new Float32Array(data.length / 4);
  for (let p = 0, i = 0; i < data.length; p += 1, i += 4) {
    const a = data[i + 3]! / 255;
    const under = outline * (1 - a);
    luminance[p] =
      0.2126 * LINEAR[Math.round(data[i]! * a + under)]! +
      0.7152 * LINEAR[Math.round(data[i + 1]! * a + under)]! +
      0.0722 * LINEAR[Math.round(data[i + 2]! * a + under)]!;
  }
  return luminance;
}

const BINS = 1024;

/** The median, to 1/BINS: a histogram, since a sort of every pixel costs more than the rest together. */
function median(values: Float32Array): number {
  const histogram = new Uint32Array(BINS);
  for (const v of values) histogram[Math.min(BINS - 1, Math.floor(v * BINS))]! += 1;
  let seen = 0;
  for (let bin = 0; bin < BINS; bin += 1) {
    seen += histogram[bin]!;
    if (seen > values.length / 2) return (bin + 0.5) / BINS;
  }
  return 1;
}

/**
 * Why the trimmed, scaled signature would not show once stamped, or null when it would (its size is
 * `isTooSmall`'s, on the uploaded pixels). `too_faint`: too little of it
 * is at least half opaque. `low_contrast`: too little of it differs from its background tone by 3:1, the
 * background being the median of what the stamp shows (the outline colour around ink on transparency,
 * the paper of a scan), so faint pencil on white paper and grey ink the outline swallows both fail.
 */
export function notVisibleReason(pixels: RgbaPixels): Exclude<NotVisibleReason, 'too_small'> | null {
  const { data } = pixels;
  const count = data.length / 4;
  const needed = SIGNATURE_VISIBILITY.minInkShare * count;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! >= SIGNATURE_VISIBILITY.minInkAlpha) ink += 1;
  if (ink < needed) return 'too_faint';

  const luminance = stampedLuminance(pixels, outlineColourOf(data) === 'white' ? 255 : 0);
  const background = median(luminance);
  // WCAG contrast (L1 + 0.05) / (L2 + 0.05) of at least `ratio`, either way, as two luminance bounds.
  const ratio = SIGNATURE_VISIBILITY.minContrastRatio;
  const lighter = (background + 0.05) * ratio - 0.05;
  const darker = (background + 0.05) / ratio - 0.05;
  let standing = 0;
  for (const l of luminance) if (l >= lighter || l <= darker) standing += 1;
  return standing < needed ? 'low_contrast' : null;
}
