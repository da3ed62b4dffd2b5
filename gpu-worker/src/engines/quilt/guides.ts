/**
 * Soft guides that steer which patch quilting places where, beyond matching the overlap. Each returns a
 * cost in squared error per compared channel value, the same unit as the overlap error, so one weight
 * says how much a guide may trade against seam quality.
 * - Histogram guide (after Kopf et al. 2007): charges patches whose palette colours the canvas already
 *   has more of than the source images; stops a flat area from spreading over the whole picture.
 * - Layout guide (Efros & Freeman's texture transfer): charges patches whose mean colour differs from a
 *   coarse target layout, so outputs keep an artwork's composition (sky above, figure in the middle).
 */
import { patchBytes } from './patches';

export interface PatchGuide {
  /** Called before each block is scored, blocks in raster order. */
  beginBlock(bx: number, by: number): void;
  cost(patch: number): number;
  placed(patch: number): void;
}

export function histogramGuide(
  /** `count × colours` bytes: each patch's palette histogram, summing to about 255. */
  histograms: Uint8Array,
  /** Share of each palette colour the output should have; sums to 1. */
  target: Float64Array,
  strength: number,
): PatchGuide {
  const colours = target.length;
  const supplied = new Float64Array(colours);
  const owed = new Float64Array(colours);
  let owedTotal = 0;
  let placed = 0;
  return {
    beginBlock() {
      // What each colour still lacks once one more patch is placed; a patch supplying exactly that is free.
      owedTotal = 0;
      for (let c = 0; c < colours; c++) {
        owed[c] = target[c]! * (placed + 1) - supplied[c]!;
        owedTotal += Math.abs(owed[c]!);
      }
    },
    cost(patch) {
      // Σ|h − owed| − Σ|owed| lies in [−1, 1]: how much this patch moves the canvas away from the target.
      let after = 0;
      for (let c = 0; c < colours; c++) after += Math.abs(histograms[patch * colours + c]! / 255 - owed[c]!);
      return (strength * (after - owedTotal + 1)) / 2;
    },
    placed(patch) {
      for (let c = 0; c < colours; c++) supplied[c]! += histograms[patch * colours + c]! / 255;
      placed++;
    },
  };
}

export function layoutGuide(
  /** `count × 3`: each patch's mean RGB. */
  means: Float32Array,
  /** `blocks × blocks × 3`: the mean RGB wanted at each block. */
  layout: Float32Array,
  blocks: number,
  strength: number,
): PatchGuide {
  let at = 0;
  return {
    beginBlock(bx, by) {
      at = (by * blocks + bx) * 3;
    },
    cost(patch) {
      const d0 = means[patch * 3]! - layout[at]!;
      const d1 = means[patch * 3 + 1]! - layout[at + 1]!;
      const d2 = means[patch * 3 + 2]! - layout[at + 2]!;
      return (strength * (d0 * d0 + d1 * d1 + d2 * d2)) / 3;
    },
    placed() {},
  };
}

/** Mean RGB of each packed patch. */
export function patchMeans(pixels: Uint8Array, patchSize: number): Float32Array {
  const size = patchBytes(patchSize);
  const count = pixels.length / size;
  const means = new Float32Array(count * 3);
  for (let p = 0; p < count; p++) {
    let r = 0;
    let g = 0;
    let b = 0;
    for (let i = p * size; i < (p + 1) * size; i += 3) {
      r += pixels[i]!;
      g += pixels[i + 1]!;
      b += pixels[i + 2]!;
    }
    const n = size / 3;
    means.set([r / n, g / n, b / n], p * 3);
  }
  return means;
}

/**
 * A `layoutSize²` RGB thumbnail sampled (bilinearly) at the centre of each of `blocks²` blocks, optionally
 * mirrored left to right so one source image yields two compositions.
 */
export function layoutForBlocks(thumbnail: Uint8Array, layoutSize: number, blocks: number, mirror: boolean) {
  const out = new Float32Array(blocks * blocks * 3);
  const at = (x: number, y: number, k: number) => thumbnail[(y * layoutSize + x) * 3 + k]!;
  for (let by = 0; by < blocks; by++)
    for (let bx = 0; bx < blocks; bx++) {
      const u = ((mirror ? blocks - 1 - bx : bx) + 0.5) / blocks;
      const fx = Math.min(layoutSize - 1, Math.max(0, u * layoutSize - 0.5));
      const fy = Math.min(layoutSize - 1, Math.max(0, ((by + 0.5) / blocks) * layoutSize - 0.5));
      const [x0, y0] = [Math.floor(fx), Math.floor(fy)];
      const [x1, y1] = [Math.min(layoutSize - 1, x0 + 1), Math.min(layoutSize - 1, y0 + 1)];
      const [tx, ty] = [fx - x0, fy - y0];
      for (let k = 0; k < 3; k++) {
        const top = at(x0, y0, k) * (1 - tx) + at(x1, y0, k) * tx;
        const bottom = at(x0, y1, k) * (1 - tx) + at(x1, y1, k) * tx;
        out[(by * blocks + bx) * 3 + k] = top * (1 - ty) + bottom * ty;
      }
    }
  return out;
}
