/**
 * Texture patches: square RGB tiles cut from a training image at stratified random positions, so every
 * part of the picture is represented in proportion. Patches are stored packed, `patchSize² × 3` bytes
 * each, row-major, which is the layout quilting reads them in.
 */
import { rgbToLab } from './color';
import { nearestCentroid } from './kmeans';
import { randomInt, type Random } from './random';

export const patchBytes = (patchSize: number) => patchSize * patchSize * 3;

/** Cuts `count` patches from an RGB image at least `patchSize` on each side. */
export function samplePatches(
  rgb: Uint8Array,
  width: number,
  height: number,
  patchSize: number,
  count: number,
  random: Random,
): Uint8Array {
  if (width < patchSize || height < patchSize)
    throw new Error(`image ${width}×${height} is smaller than a ${patchSize}px patch`);
  const out = new Uint8Array(count * patchBytes(patchSize));
  // A jittered grid over the valid top-left corners: one patch per cell, cells taken in random order.
  const spanX = width - patchSize + 1;
  const spanY = height - patchSize + 1;
  const columns = Math.max(1, Math.round(Math.sqrt((count * spanX) / spanY)));
  const rows = Math.max(1, Math.ceil(count / columns));
  const cells = columns * rows;
  const taken = new Uint8Array(cells);
  for (let p = 0; p < count; p++) {
    let cell = randomInt(random, cells);
    if (p < cells) while (taken[cell]) cell = (cell + 1) % cells; // first pass covers distinct cells
    taken[cell] = 1;
    const cellX = cell % columns;
    const cellY = Math.floor(cell / columns);
    const x = Math.min(spanX - 1, Math.floor(((cellX + random()) * spanX) / columns));
    const y = Math.min(spanY - 1, Math.floor(((cellY + random()) * spanY) / rows));
    copyPatch(rgb, width, x, y, patchSize, out, p * patchBytes(patchSize));
  }
  return out;
}

function copyPatch(
  rgb: Uint8Array,
  width: number,
  x: number,
  y: number,
  size: number,
  out: Uint8Array,
  at: number,
) {
  const rowBytes = size * 3;
  for (let r = 0; r < size; r++) {
    const from = ((y + r) * width + x) * 3;
    out.set(rgb.subarray(from, from + rowBytes), at + r * rowBytes);
  }
}

/** Each patch's palette histogram (a byte per colour, summing to ≈255), from every third pixel each way. */
export function patchHistograms(pixels: Uint8Array, patchSize: number, centroids: Float32Array): Uint8Array {
  const colours = centroids.length / 3;
  const count = pixels.length / patchBytes(patchSize);
  const out = new Uint8Array(count * colours);
  const side = Math.ceil(patchSize / 3);
  const sample = new Uint8Array(side * side * 3);
  const lab = new Float32Array(sample.length);
  const tally = new Uint32Array(colours);
  for (let p = 0; p < count; p++) {
    let s = 0;
    for (let y = 0; y < patchSize; y += 3)
      for (let x = 0; x < patchSize; x += 3) {
        const i = p * patchBytes(patchSize) + (y * patchSize + x) * 3;
        sample[s++] = pixels[i]!;
        sample[s++] = pixels[i + 1]!;
        sample[s++] = pixels[i + 2]!;
      }
    rgbToLab(sample, lab);
    tally.fill(0);
    for (let i = 0; i < lab.length; i += 3)
      tally[nearestCentroid(centroids, lab[i]!, lab[i + 1]!, lab[i + 2]!)]!++;
    for (let c = 0; c < colours; c++) out[p * colours + c] = Math.round((tally[c]! * 255) / (side * side));
  }
  return out;
}
