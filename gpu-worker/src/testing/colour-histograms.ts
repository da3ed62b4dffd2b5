/**
 * Colour histograms for judging engines' outputs against training images: 8 bins per RGB channel
 * (512 bins), normalised to sum 1, compared by the chi-square distance (0 = identical, 1 = disjoint).
 */
import sharp from 'sharp';

const BINS = 8;
/** Images are measured at this size, so large and small images weigh the same. */
const MEASURE_SIZE = 256;

export async function colourHistogram(image: Uint8Array): Promise<Float64Array> {
  const rgb = await sharp(image)
    .flatten({ background: '#ffffff' })
    .resize(MEASURE_SIZE, MEASURE_SIZE, { fit: 'fill' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer();
  const histogram = new Float64Array(BINS ** 3);
  const shift = 8 - Math.log2(BINS);
  for (let i = 0; i < rgb.length; i += 3)
    histogram[((rgb[i]! >> shift) * BINS + (rgb[i + 1]! >> shift)) * BINS + (rgb[i + 2]! >> shift)]!++;
  return histogram.map((count) => count / (rgb.length / 3));
}

/** The mean histogram of several images, each weighing the same. */
export async function setHistogram(images: readonly Uint8Array[]): Promise<Float64Array> {
  const histograms = await Promise.all(images.map(colourHistogram));
  return histograms[0]!.map((_, bin) => histograms.reduce((sum, h) => sum + h[bin]!, 0) / histograms.length);
}

/** ½ Σ (a − b)² / (a + b) over bins: 0 for equal histograms, 1 for ones with no bin in common. */
export function chiSquareDistance(a: Float64Array, b: Float64Array): number {
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    const sum = a[i]! + b[i]!;
    if (sum > 0) distance += (a[i]! - b[i]!) ** 2 / sum;
  }
  return distance / 2;
}
