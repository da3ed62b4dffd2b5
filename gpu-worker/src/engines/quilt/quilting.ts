/**
 * Image quilting (Efros & Freeman 2001): fills a canvas block by block in raster order; each block is a
 * library patch whose overlap with what is already placed matches best (sum of squared RGB differences,
 * plus any guide costs), chosen at random among those within a tolerance of the best, and joined along
 * a minimum-error boundary cut (seams.ts). Every choice comes from the given seeded generator.
 */
import type { PatchGuide } from './guides';
import { patchBytes } from './patches';
import { randomInt, shuffledIndices, type Random } from './random';
import { createScratch, pasteBlock } from './seams';

export interface QuiltParams {
  /** Side of the square output, in pixels. */
  size: number;
  patchSize: number;
  /** Pixels shared by neighbouring blocks (Efros & Freeman suggest a sixth of the patch). */
  overlap: number;
  /** Candidates scored per block: a seeded window of a shuffled library, so cost stays flat. */
  candidatesPerBlock: number;
  /** A candidate qualifies when its cost ≤ (1 + tolerance) × best + slack. */
  tolerance: number;
  /** Squared error per compared value treated as "as good as the best" (keeps flat areas varied). */
  slackPerValue: number;
  random: Random;
  guides?: PatchGuide[];
}

/** Blocks per side for an output of `size` px, and the canvas side they cover (≥ size). */
export function blockGrid(size: number, patchSize: number, overlap: number) {
  const step = patchSize - overlap;
  const blocks = Math.max(1, Math.ceil((size - overlap) / step));
  return { step, blocks, canvas: blocks * step + overlap };
}

/** Synthesises a `size × size` RGB image from `count` packed patches. */
export function quilt(patches: Uint8Array, count: number, params: QuiltParams): Uint8Array {
  const { size, patchSize: P, overlap: O, random, guides = [] } = params;
  if (count < 1) throw new Error('quilting needs at least one patch');
  if (O < 1 || O >= P) throw new Error(`overlap ${O} must be between 1 and patch size ${P} - 1`);
  const { step, blocks, canvas: W } = blockGrid(size, P, O);
  const canvas = new Uint8Array(W * W * 3);
  const order = shuffledIndices(count, random);
  const window = Math.min(count, params.candidatesPerBlock);
  const costs = new Float64Array(window);
  const indices = new Int32Array(window);
  const scratch = createScratch(P, O);

  for (let by = 0; by < blocks; by++) {
    for (let bx = 0; bx < blocks; bx++) {
      const [x0, y0, hasLeft, hasTop] = [bx * step, by * step, bx > 0, by > 0];
      // Values compared in the overlap; the first block, with none, weighs its guides as if it had one.
      const overlapValues = (hasTop ? O * P : 0) + (hasLeft ? (hasTop ? P - O : P) * O : 0);
      const compared = 3 * (overlapValues || O * P);
      const slack = params.slackPerValue * compared;
      for (const guide of guides) guide.beginBlock(bx, by);
      let best = Infinity;
      let kept = 0;
      const start = randomInt(random, count);
      for (let j = 0; j < window; j++) {
        const index = order[(start + j) % count]!;
        let penalty = 0;
        for (const guide of guides) penalty += guide.cost(index);
        penalty *= compared;
        const limit = best * (1 + params.tolerance) + slack;
        if (penalty > limit) continue;
        const cost =
          penalty + overlapError(canvas, W, patches, index, x0, y0, P, O, hasLeft, hasTop, limit - penalty);
        if (cost > limit) continue;
        if (cost < best) best = cost;
        costs[kept] = cost;
        indices[kept++] = index;
      }
      // Final filter against the final best: anything rejected earlier was above an even looser limit.
      const limit = best * (1 + params.tolerance) + slack;
      let eligible = 0;
      for (let k = 0; k < kept; k++) if (costs[k]! <= limit) indices[eligible++] = indices[k]!;
      const chosen = indices[randomInt(random, eligible)]!;
      pasteBlock(canvas, W, patches, chosen, x0, y0, P, O, hasLeft, hasTop, scratch);
      for (const guide of guides) guide.placed(chosen);
    }
  }
  if (W === size) return canvas;
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) out.set(canvas.subarray(y * W * 3, (y * W + size) * 3), y * size * 3);
  return out;
}

/** Squared error over the block's overlap; stops early (returning a value > limit) once past `limit`. */
function overlapError(
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
  limit: number,
): number {
  const base = index * patchBytes(P);
  let error = 0;
  for (let r = 0; r < P; r++) {
    const columns = hasTop && r < O ? P : hasLeft ? O : 0;
    if (columns === 0) break;
    let c = ((y0 + r) * W + x0) * 3;
    let p = base + r * P * 3;
    const end = c + columns * 3;
    while (c < end) {
      const d = canvas[c++]! - patches[p++]!;
      error += d * d;
    }
    if (error > limit) return error;
  }
  return error;
}
