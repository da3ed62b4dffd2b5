/**
 * The detector's signal processing on one folded tile (the image summed onto a 256×256 tile, which
 * adds the periodic mark coherently and the image incoherently), both in the Fourier domain:
 *
 * - Synchronisation by symmetric phase-only matched filtering (SPOMF), as in the JAWS video watermark
 *   (Kalker, Depovere, Haitsma & Maes 1999), which tiles and folds the same way: the cross-spectrum with
 *   the keyed pilot, divided by the image's spectral magnitude so that its strong low frequencies do
 *   not drown the pilot, gives the correlation at all 65,536 cyclic shifts at once; its peaks are the
 *   candidate positions of the tile (any crop offset, including the 16-px block and 2×2 Haar phases).
 *
 * - Whitening before correlation (Depovere, Kalker & Linnartz, "Improved watermark detection reliability
 *   using filtering before correlation", ICIP 1998): the fold is divided by a smoothed estimate of its own
 *   spectral magnitude and band-limited to the mark's band (≤ 1/8 cycle per pixel), so that slots
 *   sitting on strong image structure (a saturated neon glow, say) weigh less than slots on quiet
 *   areas. On the test images it doubled the correlation of the worst (neon) images and cost the others
 *   nothing. The whitened slot values are what the bits and the decision are read from.
 */
import { fft2 } from './fft';
import type { Layout } from './layout';
import { TILE, TILE_PIXELS } from './tile';

/** Highest frequency kept by the whitening, in cycles per tile (32 of 256: 1/8 cycle per pixel). */
const BAND = 32;
/** Half-width of the box that smooths the power spectrum into the whitening's noise estimate. */
const SMOOTHING = 2;
/** Candidate tile positions tried per hypothesis: the highest correlation peaks. */
const CANDIDATES = 3;

export interface Shift {
  dx: number;
  dy: number;
}

export interface TileAnalysis {
  /** Candidate shifts of the tile origin in the fold, best first. */
  shifts: Shift[];
  /** The fold whitened and band-limited (same size), to read slot values from. */
  whitened: Float64Array;
}

const frequency = (index: number) => Math.min(index, TILE - index);

export function analyseFold(folded: Float64Array, layout: Layout): TileAnalysis {
  const re = Float64Array.from(folded);
  const im = new Float64Array(TILE_PIXELS);
  fft2(re, im, TILE);
  return { shifts: synchronise(re, im, layout), whitened: whiten(re, im) };
}

function synchronise(re: Float64Array, im: Float64Array, layout: Layout): Shift[] {
  const { re: pr, im: pi } = layout.pilotSpectrum;
  const cr = new Float64Array(TILE_PIXELS);
  const ci = new Float64Array(TILE_PIXELS);
  for (let i = 0; i < TILE_PIXELS; i++) {
    const [a, b, c, d] = [re[i]!, im[i]!, pr[i]!, pi[i]!];
    const magnitude = Math.hypot(a, b) + 1e-9;
    cr[i] = (a * c + b * d) / magnitude;
    ci[i] = (b * c - a * d) / magnitude;
  }
  fft2(cr, ci, TILE, true);
  // The highest values that are local maxima over a 5×5 neighbourhood (one peak is a few pixels wide).
  const shifts: (Shift & { value: number })[] = [];
  for (let i = 0; i < TILE_PIXELS; i++) {
    const value = cr[i]!;
    if (shifts.length === CANDIDATES && value <= shifts[CANDIDATES - 1]!.value) continue;
    const [dx, dy] = [i % TILE, Math.floor(i / TILE)];
    let isPeak = true;
    for (let oy = -2; oy <= 2 && isPeak; oy++)
      for (let ox = -2; ox <= 2; ox++)
        if (cr[((dy + oy) & (TILE - 1)) * TILE + ((dx + ox) & (TILE - 1))]! > value) {
          isPeak = false;
          break;
        }
    if (!isPeak) continue;
    shifts.push({ dx, dy, value });
    shifts.sort((p, q) => q.value - p.value);
    if (shifts.length > CANDIDATES) shifts.pop();
  }
  return shifts.map(({ dx, dy }) => ({ dx, dy }));
}

function whiten(re: Float64Array, im: Float64Array): Float64Array {
  const power = new Float64Array(TILE_PIXELS);
  for (let i = 0; i < TILE_PIXELS; i++) power[i] = re[i]! * re[i]! + im[i]! * im[i]!;
  // Separable cyclic box average of the power spectrum.
  const rows = new Float64Array(TILE_PIXELS);
  for (let y = 0; y < TILE; y++)
    for (let x = 0; x < TILE; x++) {
      let sum = 0;
      for (let o = -SMOOTHING; o <= SMOOTHING; o++) sum += power[y * TILE + ((x + o) & (TILE - 1))]!;
      rows[y * TILE + x] = sum;
    }
  const width = (2 * SMOOTHING + 1) ** 2;
  let mean = 0;
  const smooth = new Float64Array(TILE_PIXELS);
  for (let y = 0; y < TILE; y++)
    for (let x = 0; x < TILE; x++) {
      let sum = 0;
      for (let o = -SMOOTHING; o <= SMOOTHING; o++) sum += rows[((y + o) & (TILE - 1)) * TILE + x]!;
      smooth[y * TILE + x] = sum / width;
      mean += sum / width;
    }
  const floor = 1e-6 * (mean / TILE_PIXELS) + 1e-12;
  const wr = new Float64Array(TILE_PIXELS);
  const wi = new Float64Array(TILE_PIXELS);
  for (let i = 0; i < TILE_PIXELS; i++) {
    if (Math.max(frequency(i % TILE), frequency(Math.floor(i / TILE))) > BAND) continue;
    const weight = 1 / Math.sqrt(smooth[i]! + floor);
    wr[i] = re[i]! * weight;
    wi[i] = im[i]! * weight;
  }
  fft2(wr, wi, TILE, true);
  return wr;
}
