/**
 * Joining a new block to what is already placed: the minimum-error boundary cut through each overlap
 * (dynamic programming, Efros & Freeman 2001), a small tone correction so patches continue gradients
 * instead of leaving steps, and a one-pixel average along the seam.
 */
import { patchBytes } from './patches';

/** Largest brightness correction (per channel, in levels) applied to a new patch. */
const MAX_TONE_SHIFT = 12;

export interface Scratch {
  cutX: Int32Array;
  cutY: Int32Array;
  cost: Float64Array;
  /** Three histograms of differences −255..255. */
  differences: Uint32Array;
}

export const createScratch = (P: number, O: number): Scratch => ({
  cutX: new Int32Array(P),
  cutY: new Int32Array(P),
  cost: new Float64Array(P * O),
  differences: new Uint32Array(3 * 511),
});

/**
 * Minimum-error path through an overlap strip of `length × O` errors, one position per step along the
 * strip, neighbouring positions at most one apart. `errorAt(step, across)` gives a pixel's error.
 */
function minimumCut(
  length: number,
  O: number,
  errorAt: (along: number, across: number) => number,
  out: Int32Array,
  cost: Float64Array,
) {
  for (let i = 0; i < length; i++) {
    for (let j = 0; j < O; j++) {
      let previous = 0;
      if (i > 0) {
        const row = (i - 1) * O;
        previous = cost[row + j]!;
        if (j > 0 && cost[row + j - 1]! < previous) previous = cost[row + j - 1]!;
        if (j < O - 1 && cost[row + j + 1]! < previous) previous = cost[row + j + 1]!;
      }
      cost[i * O + j] = errorAt(i, j) + previous;
    }
  }
  let j = 0;
  for (let k = 1; k < O; k++) if (cost[(length - 1) * O + k]! < cost[(length - 1) * O + j]!) j = k;
  out[length - 1] = j;
  for (let i = length - 2; i >= 0; i--) {
    let next = j;
    if (j > 0 && cost[i * O + j - 1]! < cost[i * O + next]!) next = j - 1;
    if (j < O - 1 && cost[i * O + j + 1]! < cost[i * O + next]!) next = j + 1;
    j = next;
    out[i] = j;
  }
}

/** Writes patch `index` at (x0, y0), keeping the old pixels on the far side of each boundary cut. */
export function pasteBlock(
  canvas: Uint8Array,
  W: number,
  patches: Uint8Array,
  index: number,
  x0: number,
  y0: number,
  P: number,
  O: number,
  hasLeft: boolean,
  hasTop: boolean,
  scratch: Scratch,
) {
  const base = index * patchBytes(P);
  const pixelError = (r: number, c: number) => {
    const a = ((y0 + r) * W + x0 + c) * 3;
    const b = base + (r * P + c) * 3;
    const d0 = canvas[a]! - patches[b]!;
    const d1 = canvas[a + 1]! - patches[b + 1]!;
    const d2 = canvas[a + 2]! - patches[b + 2]!;
    return d0 * d0 + d1 * d1 + d2 * d2;
  };
  if (hasLeft) minimumCut(P, O, (r, c) => pixelError(r, c), scratch.cutX, scratch.cost);
  else scratch.cutX.fill(0);
  if (hasTop) minimumCut(P, O, (c, r) => pixelError(r, c), scratch.cutY, scratch.cost);
  else scratch.cutY.fill(0);
  const [s0, s1, s2] =
    hasLeft || hasTop
      ? toneShift(canvas, W, patches, base, x0, y0, P, O, hasLeft, hasTop, scratch)
      : [0, 0, 0];

  for (let r = 0; r < P; r++) {
    for (let c = 0; c < P; c++) {
      const fromX = scratch.cutX[r]!;
      const fromY = scratch.cutY[c]!;
      if ((hasLeft && c < fromX) || (hasTop && r < fromY)) continue;
      const a = ((y0 + r) * W + x0 + c) * 3;
      const b = base + (r * P + c) * 3;
      const v0 = clampByte(patches[b]! + s0);
      const v1 = clampByte(patches[b + 1]! + s1);
      const v2 = clampByte(patches[b + 2]! + s2);
      if ((hasLeft && c === fromX) || (hasTop && r === fromY)) {
        // The pixel on a seam becomes the average of both sides, softening the join by one pixel.
        canvas[a] = (canvas[a]! + v0 + 1) >> 1;
        canvas[a + 1] = (canvas[a + 1]! + v1 + 1) >> 1;
        canvas[a + 2] = (canvas[a + 2]! + v2 + 1) >> 1;
      } else {
        canvas[a] = v0;
        canvas[a + 1] = v1;
        canvas[a + 2] = v2;
      }
    }
  }
}

const clampByte = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * The per-channel median of (placed − new) over the overlap, if within MAX_TONE_SHIFT: added to the new
 * patch so it continues a gradient or paper tone instead of leaving a step. The median, not the mean, so
 * an overlap that matches a flat colour exactly (the common case in flat artwork) shifts by nothing.
 */
function toneShift(
  canvas: Uint8Array,
  W: number,
  patches: Uint8Array,
  base: number,
  x0: number,
  y0: number,
  P: number,
  O: number,
  hasLeft: boolean,
  hasTop: boolean,
  scratch: Scratch,
): [number, number, number] {
  const counts = scratch.differences;
  counts.fill(0);
  let n = 0;
  for (let r = 0; r < P; r++) {
    const columns = hasTop && r < O ? P : hasLeft ? O : 0;
    for (let c = 0; c < columns; c++) {
      const a = ((y0 + r) * W + x0 + c) * 3;
      const b = base + (r * P + c) * 3;
      for (let k = 0; k < 3; k++) counts[k * 511 + 255 + canvas[a + k]! - patches[b + k]!]!++;
      n++;
    }
  }
  const shift: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < 3; k++) {
    let seen = 0;
    let d = 0;
    while (seen + counts[k * 511 + d]! <= n / 2) seen += counts[k * 511 + d++]!;
    // A larger difference is a different colour, not a tone: correcting it would tint the patch.
    shift[k] = Math.abs(d - 255) <= MAX_TONE_SHIFT ? d - 255 : 0;
  }
  return shift;
}
