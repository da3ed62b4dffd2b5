/**
 * Training: turns an artist's images into a quilt model. Each image is scaled to a common training size,
 * measured (Lab mean and spread), sampled for the palette, and cut into texture patches; the palette is
 * k-means++ over all samples. Same images, tags and seed → byte-identical model.
 */
import sharp from 'sharp';
import { AppError } from '@style-license/shared';
import { encodeQuiltModel, QUILT_FORMAT_VERSION } from './artifact';
import { labToHex, rgbToLab } from './color';
import { kmeans, nearestCentroid } from './kmeans';
import { labStats, type LabStats } from './palette-transfer';
import { patchHistograms, samplePatches } from './patches';
import { createRandom, mixSeeds, randomInt } from './random';
import { indexTags, normaliseTags } from './tags';

export interface QuiltTrainingImage {
  /** Any image sharp decodes (JPEG, PNG, WebP, …). */
  data: Uint8Array;
  tags: readonly string[];
}

export interface QuiltTrainingOptions {
  /** Each image is scaled so its longer side is this many pixels (the scale generation works at). */
  trainingSize?: number;
  /** Side of a texture patch, in training pixels. */
  patchSize?: number;
  /** Colours in the style palette. */
  paletteSize?: number;
  /** Patches kept over all images; each image gets an equal share, within [16, 192]. */
  patchBudget?: number;
  seed?: number;
}

interface MeasuredImage {
  tags: string[];
  width: number;
  height: number;
  lab: LabStats;
  /** Lab pixels spread over the image: its palette shares are counted on these. */
  sample: Float32Array;
  /** Packed texture patches. */
  pixels: Uint8Array;
  layout: Uint8Array;
}

/** Called with whole percentages, 0 first and 100 last, never decreasing. */
export type TrainingProgress = (percent: number) => void;

const DEFAULTS = { trainingSize: 512, patchSize: 48, paletteSize: 10, patchBudget: 2400, seed: 0 };
/** Pixels per image measured for statistics and palette weights. */
const STATS_SAMPLE = 16_384;
/** Pixels, over all images, that k-means clusters. */
const PALETTE_SAMPLE = 65_536;
/** Side of each image's layout thumbnail: composition only, no detail. */
const LAYOUT_SIZE = 16;

export async function trainQuilt(
  images: readonly QuiltTrainingImage[],
  options: QuiltTrainingOptions = {},
  onProgress?: TrainingProgress,
): Promise<Buffer> {
  const settings = { ...DEFAULTS, ...options };
  const { trainingSize, patchSize, paletteSize, patchBudget, seed } = settings;
  if (images.length === 0) throw new AppError('MODEL_TRAINING_FAILED', 'training needs at least one image');
  if (!(patchSize >= 16 && patchSize <= 128 && trainingSize >= 2 * patchSize && trainingSize <= 2048))
    throw new RangeError(`patch size ${patchSize} and training size ${trainingSize} are out of range`);
  let reported = -1;
  const progress = (percent: number) => {
    const whole = Math.floor(percent);
    if (whole > reported) onProgress?.((reported = whole));
  };
  progress(0);

  const perImage = Math.min(192, Math.max(16, Math.round(patchBudget / images.length)));
  const paletteShare = Math.ceil(PALETTE_SAMPLE / images.length);
  const measured: MeasuredImage[] = [];
  const paletteSamples: Float32Array[] = [];
  for (const [i, image] of images.entries()) {
    const random = createRandom(mixSeeds(seed, i));
    const { rgb, width, height } = await decodeTrainingCopy(image.data, i, trainingSize, patchSize);
    const sample = rgbToLab(strideSample(rgb, STATS_SAMPLE));
    paletteSamples.push(pickPixels(sample, paletteShare, random));
    measured.push({
      tags: normaliseTags(image.tags),
      width,
      height,
      lab: labStats(sample),
      sample,
      pixels: samplePatches(rgb, width, height, patchSize, perImage, random),
      layout: await thumbnail(rgb, width, height),
    });
    progress(((i + 1) / images.length) * 85);
  }

  const { centroids, weights } = kmeans(
    concat(paletteSamples),
    paletteSize,
    createRandom(mixSeeds(seed, -1)),
  );
  progress(92);
  const palette = [...weights].map((weight, c) => {
    const [l, a, b] = [centroids[c * 3]!, centroids[c * 3 + 1]!, centroids[c * 3 + 2]!];
    return {
      lab: [round(l), round(a), round(b)] as [number, number, number],
      hex: labToHex(l, a, b),
      weight: round(weight),
    };
  });
  const header = {
    format: 'quilt' as const,
    version: QUILT_FORMAT_VERSION,
    patchSize,
    layoutSize: LAYOUT_SIZE,
    patchEncoding: 'rgb8-sub-deflate' as const,
    palette,
    tags: indexTags(measured.map((m) => m.tags)),
    images: measured.map((m) => ({
      tags: m.tags,
      width: m.width,
      height: m.height,
      patchCount: perImage,
      lab: { mean: m.lab.mean.map(round) as LabStats['mean'], std: m.lab.std.map(round) as LabStats['std'] },
      paletteWeights: paletteShares(m.sample, centroids),
    })),
  };
  const libraries = measured.map(({ pixels, layout }) => ({
    pixels,
    histograms: patchHistograms(pixels, patchSize, centroids),
    layout,
  }));
  progress(97);
  const artifact = encodeQuiltModel(header, libraries);
  progress(100);
  return artifact;
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;

/** The image, upright, flattened on white, scaled so its longer side is `size` (shorter ≥ 2 patches). */
async function decodeTrainingCopy(data: Uint8Array, index: number, size: number, patchSize: number) {
  try {
    const image = sharp(data, { autoOrient: true });
    const { autoOrient } = await image.metadata();
    const longer = Math.max(autoOrient.width, autoOrient.height);
    const shorter = Math.min(autoOrient.width, autoOrient.height);
    const scale = Math.max(size / longer, (2 * patchSize) / shorter);
    // Very long panoramas are centre-cropped rather than stretched past four training sizes.
    const width = Math.min(4 * size, Math.max(patchSize, Math.round(autoOrient.width * scale)));
    const height = Math.min(4 * size, Math.max(patchSize, Math.round(autoOrient.height * scale)));
    const { data: rgb, info } = await image
      .flatten({ background: '#ffffff' })
      .resize(width, height, { fit: 'cover' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return {
      rgb: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('MODEL_TRAINING_FAILED', `training image ${index} could not be read: ${message}`, {
      details: [{ path: `images.${index}`, rule: 'decodable image', message }],
      cause: error,
    });
  }
}

/** The image squeezed to a LAYOUT_SIZE square (area-averaged). */
async function thumbnail(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const data = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .resize(LAYOUT_SIZE, LAYOUT_SIZE, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** About `target` pixels spread evenly over the image. */
function strideSample(rgb: Uint8Array, target: number): Uint8Array {
  const pixels = rgb.length / 3;
  const stride = Math.max(1, Math.floor(pixels / target));
  const out = new Uint8Array(Math.ceil(pixels / stride) * 3);
  for (let p = 0, o = 0; p < pixels; p += stride, o += 3) out.set(rgb.subarray(p * 3, p * 3 + 3), o);
  return out;
}

function pickPixels(lab: Float32Array, count: number, random: () => number): Float32Array {
  const pixels = lab.length / 3;
  if (count >= pixels) return lab;
  const out = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const p = randomInt(random, pixels) * 3;
    out.set(lab.subarray(p, p + 3), i * 3);
  }
  return out;
}

function paletteShares(lab: Float32Array, centroids: Float32Array): number[] {
  const counts = new Float64Array(centroids.length / 3);
  for (let i = 0; i < lab.length; i += 3)
    counts[nearestCentroid(centroids, lab[i]!, lab[i + 1]!, lab[i + 2]!)]!++;
  return [...counts].map((c) => round(c / (lab.length / 3)));
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
