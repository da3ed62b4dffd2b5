/**
 * The copy hash: a 64-bit DCT perceptual hash for finding another artist's picture saved again (resized,
 * JPEG, WebP, PNG), used by the server's cross-artist copyright check. `perceptualHash` (a dHash on 9×8
 * greyscale cells) stays for the in-style near-duplicate warning and the desktop studio, but it is
 * fragile on low-contrast pictures: neighbouring cells differ by a grey level or two, and the 8-bit
 * rounding of a resized, re-encoded copy flips their order — a third of the pale synthetic artworks
 * landed more than 6 bits from their own copy. This hash reads the picture's shape instead of
 * neighbouring cells' order: the 64 lowest frequencies of a 32×32 DCT, each one bit (over or under their
 * median), so it does not depend on contrast (a pale picture's coefficients are small, but ordered as a
 * vivid one's). The 32×32 grid is averaged in floating point from a 128×128 greyscale thumbnail, so no
 * cell is rounded to 8 bits before the transform.
 *
 * Measured over 60 pictures of each of the three synthetic artwork looks and 60 noise-and-stroke
 * pictures (512–1024 px) under seven edits (resize to 75 % and 50 %, JPEG q90 and q70, resize 75 % +
 * JPEG q70, WebP q80, PNG again): no copy more than 6 bits away (the dHash: up to 14, a third of the
 * pale ones over 6); among 2,000 distinct pictures no pair within 7 bits (3 within 8).
 */
import type { Sharp } from 'sharp';

/**
 * Hamming distance at or under which a copy hash names the same picture: one over the largest distance
 * measured for a copy (6), and still within the four-quarter index's pigeonhole (⌊7/4⌋ = 1 bit).
 */
export const COPY_MATCH_BITS = 7;

const THUMB = 128;
const GRID = 32;
const CELL = THUMB / GRID;
/** Frequencies needed: the 64 after DC in zigzag order all lie below 11 in both directions. */
const FREQS = 11;

/** cos((2x+1)uπ/64) for u < FREQS, x < 32. */
const COSINES = (() => {
  const table = new Float64Array(FREQS * GRID);
  for (let u = 0; u < FREQS; u++)
    for (let x = 0; x < GRID; x++) table[u * GRID + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * GRID));
  return table;
})();

/** The 64 lowest (u, v) frequencies after DC, in zigzag order. */
const ZIGZAG: readonly (readonly [number, number])[] = (() => {
  const order: [number, number][] = [];
  for (let sum = 0; order.length < 65; sum++) {
    for (let i = 0; i <= sum && order.length < 65; i++) order.push(sum % 2 ? [i, sum - i] : [sum - i, i]);
  }
  return order.slice(1);
})();

/** The 32×32 cell means (row-major) of a 128×128 greyscale thumbnail. */
function gridOf(pixels: Uint8Array): Float64Array {
  const grid = new Float64Array(GRID * GRID);
  for (let y = 0; y < THUMB; y++) {
    const row = ((y / CELL) | 0) * GRID;
    for (let x = 0; x < THUMB; x++) grid[row + ((x / CELL) | 0)]! += pixels[y * THUMB + x]!;
  }
  for (let i = 0; i < grid.length; i++) grid[i] = grid[i]! / (CELL * CELL);
  return grid;
}

/** The 64 bits of a 32×32 grid, as 16 hex digits: each low-frequency coefficient over their median. */
export function copyHashOfGrid(grid: Float64Array): string {
  // Rows first (for the FREQS horizontal frequencies needed), then the columns of those.
  const rows = new Float64Array(FREQS * GRID);
  for (let v = 0; v < FREQS; v++) {
    for (let y = 0; y < GRID; y++) {
      let sum = 0;
      for (let x = 0; x < GRID; x++) sum += grid[y * GRID + x]! * COSINES[v * GRID + x]!;
      rows[v * GRID + y] = sum;
    }
  }
  const coefficients = ZIGZAG.map(([u, v]) => {
    let sum = 0;
    for (let y = 0; y < GRID; y++) sum += rows[v * GRID + y]! * COSINES[u * GRID + y]!;
    return sum;
  });
  const sorted = [...coefficients].sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  let bits = 0n;
  for (const c of coefficients) bits = (bits << 1n) | (c > median ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

/** The copy hash of an image (EXIF orientation as the pipeline given applies it), as 16 hex digits. */
export async function copyHash(image: Sharp): Promise<string> {
  // WebP decoded whole, as perceptualHash does: libvips' shrink-on-load smears WebP's fine texture.
  const { format } = await image.metadata();
  const pixels = await image
    .clone()
    .greyscale()
    .resize(THUMB, THUMB, { fit: 'fill', fastShrinkOnLoad: format !== 'webp' })
    .raw()
    .toBuffer();
  return copyHashOfGrid(gridOf(pixels));
}
