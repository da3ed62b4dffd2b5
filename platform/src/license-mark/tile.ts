/**
 * The mark's transform domain, after invisible-watermark's dwtDct (ShieldMnt/invisible-watermark): a
 * one-level Haar DWT keeps the LL band (each value the orthonormal sum of a 2×2 pixel cell), and an
 * 8×8 block DCT of that band carries the mark on a few low coefficients of every block. In pixels a
 * block is 16×16 and coefficient k has a wavelength of 32/k pixels.
 *
 * Why LL and these coefficients: LL is what a 50% downscale keeps (it *is* a 2×2 box average), it is
 * exactly the grid JPEG's 4:2:0 chroma subsampling keeps, and an LL block lines up with one JPEG chroma
 * block (16×16 pixels) on an unshifted image. Coefficients with k ≤ 2 (wavelengths of 16-32 px) get the
 * smallest JPEG chroma quantisers (11-14 at quality 70, 18-24 at 50) and survive resizes to 25%.
 *
 * The mark is periodic: one 256×256-pixel tile (16×16 blocks) repeats over the image, so any window of
 * at least one tile holds every bit, and a crop only shifts the tile (found by the detector's search).
 */

export const TILE = 256;
export const TILE_PIXELS = TILE * TILE;
const HALF = TILE / 2;
const BLOCK = 8;
const BLOCKS = HALF / BLOCK;
export const TILE_BLOCKS = BLOCKS * BLOCKS;

/** (vertical, horizontal) frequency of each coefficient that carries the mark. */
export const COEFFICIENTS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 0],
  [1, 1],
  [0, 2],
  [2, 0],
];
export const SLOTS_PER_BLOCK = COEFFICIENTS.length;
/**
 * Each coefficient's share of the amplitude (root mean square 1, so the energy budget is unchanged).
 * JPEG's dead zone: where the image is flat, a coefficient smaller than half its quantiser step is
 * rounded to zero and its mark lost. JPEG sees our LL coefficient halved (its 4:2:0 chroma is the 2×2
 * mean): at 42 dB an even spread gives it 6.9, below half the standard chroma steps at quality 50
 * (18 for (0,1) and (1,0), 21-24 for the others). Giving the two lowest coefficients 1.35× (9.3, above
 * half of 18) and the other three 0.67× made 12 of 12 test images readable after JPEG q50 (3 of 8
 * with an even spread), for a lower but still ample margin after q70 (t ≥ 19 against 11.3).
 */
export const AMPLITUDES: readonly number[] = (() => {
  const weights = [1.4, 1.4, 0.7, 0.7, 0.7];
  const rms = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0) / weights.length);
  return weights.map((w) => w / rms);
})();
/** Every (block, coefficient) place of a tile; slot s is block ⌊s / SLOTS_PER_BLOCK⌋. */
export const TILE_SLOTS = TILE_BLOCKS * SLOTS_PER_BLOCK;

/** The orthonormal 8×8 DCT-II basis images of the chosen coefficients, row-major. */
const BASIS: Float64Array[] = COEFFICIENTS.map(([u, v]) => {
  const scale = (k: number) => (k === 0 ? Math.SQRT1_2 : 1) / 2;
  const image = new Float64Array(BLOCK * BLOCK);
  for (let y = 0; y < BLOCK; y++)
    for (let x = 0; x < BLOCK; x++)
      image[y * BLOCK + x] =
        scale(u) *
        scale(v) *
        Math.cos(((2 * y + 1) * u * Math.PI) / (2 * BLOCK)) *
        Math.cos(((2 * x + 1) * v * Math.PI) / (2 * BLOCK));
  return image;
});

/**
 * The slot values of a tile-sized pixel array whose origin is at (`dx`, `dy`) (read cyclically): Haar
 * LL, then the chosen DCT coefficients of each block.
 */
export function analyseTile(pixels: Float64Array, dx = 0, dy = 0): Float64Array {
  const ll = new Float64Array(HALF * HALF);
  for (let v = 0; v < HALF; v++) {
    const y0 = ((2 * v + dy) & (TILE - 1)) * TILE;
    const y1 = ((2 * v + 1 + dy) & (TILE - 1)) * TILE;
    for (let u = 0; u < HALF; u++) {
      const x0 = (2 * u + dx) & (TILE - 1);
      const x1 = (2 * u + 1 + dx) & (TILE - 1);
      ll[v * HALF + u] = (pixels[y0 + x0]! + pixels[y0 + x1]! + pixels[y1 + x0]! + pixels[y1 + x1]!) / 2;
    }
  }
  const slots = new Float64Array(TILE_SLOTS);
  for (let by = 0; by < BLOCKS; by++)
    for (let bx = 0; bx < BLOCKS; bx++) {
      const block = by * BLOCKS + bx;
      for (let c = 0; c < SLOTS_PER_BLOCK; c++) {
        const basis = BASIS[c]!;
        let sum = 0;
        for (let y = 0; y < BLOCK; y++) {
          const row = (by * BLOCK + y) * HALF + bx * BLOCK;
          for (let x = 0; x < BLOCK; x++) sum += ll[row + x]! * basis[y * BLOCK + x]!;
        }
        slots[block * SLOTS_PER_BLOCK + c] = sum;
      }
    }
  return slots;
}

/**
 * The tile-sized pixel pattern whose slot values are `amplitudes` scaled by AMPLITUDES (the inverse of
 * `analyseTile` on the marked coefficients): inverse DCT per block, then the inverse Haar step from LL
 * alone, which spreads each LL value evenly over its 2×2 cell. Both steps are orthonormal and
 * AMPLITUDES has a mean square of 1, so for amplitudes of ±α the pattern's energy is α² per slot,
 * which is how the embedder budgets PSNR.
 */
export function synthesiseTile(amplitudes: ArrayLike<number>): Float32Array {
  const ll = new Float64Array(HALF * HALF);
  for (let by = 0; by < BLOCKS; by++)
    for (let bx = 0; bx < BLOCKS; bx++) {
      const block = by * BLOCKS + bx;
      for (let c = 0; c < SLOTS_PER_BLOCK; c++) {
        const amplitude = amplitudes[block * SLOTS_PER_BLOCK + c]! * AMPLITUDES[c]!;
        if (amplitude === 0) continue;
        const basis = BASIS[c]!;
        for (let y = 0; y < BLOCK; y++) {
          const row = (by * BLOCK + y) * HALF + bx * BLOCK;
          for (let x = 0; x < BLOCK; x++) ll[row + x] = ll[row + x]! + amplitude * basis[y * BLOCK + x]!;
        }
      }
    }
  const tile = new Float32Array(TILE_PIXELS);
  for (let y = 0; y < TILE; y++)
    for (let x = 0; x < TILE; x++) tile[y * TILE + x] = ll[(y >> 1) * HALF + (x >> 1)]! / 2;
  return tile;
}
