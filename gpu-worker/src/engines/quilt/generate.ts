/**
 * Generation: a new image in the style, quilted from the patches of the training images whose tags best
 * match the prompt, then colour-matched to those images and the style palette. Deterministic: the same
 * model, tags and seed give a byte-identical PNG.
 */
import sharp from 'sharp';
import { AppError } from '@style-license/shared';
import { decodeQuiltModel, readImageLibrary, type QuiltModel } from './artifact';
import { matchColours, pooledStats } from './palette-transfer';
import { patchBytes } from './patches';
import { histogramGuide, layoutForBlocks, layoutGuide, patchMeans } from './guides';
import { blockGrid, quilt } from './quilting';
import { createRandom, hashString, mixSeeds, randomInt } from './random';
import { normaliseTags, selectSourceImages } from './tags';

export interface QuiltGenerationRequest {
  tags: readonly string[];
  seed: number;
  /** Side of the square output, in pixels (default 512). */
  size?: number;
}

export interface QuiltSynthesis {
  /** `size × size` RGB pixels. */
  rgb: Uint8Array;
  size: number;
  /** Training images whose patches were used. */
  sources: number[];
  /** False when no training image shared a tag with the prompt, so all were used. */
  matched: boolean;
}

/** Palette colours covering less than this share of the source images are not pulled toward. */
const PALETTE_MIN_SHARE = 0.02;
/** Tuned by eye and by the quilt benchmark: see bench/quilt.bench.ts. */
const QUILTING = { candidatesPerBlock: 600, tolerance: 0.1, slackPerValue: 4 };
/**
 * Guide weights, in squared error per compared value: a patch wholly in over-supplied colours costs
 * `histogram`; a patch whose mean is off the layout by d levels per channel costs `layout × d²`.
 */
const GUIDES = { histogram: 100, layout: 1 };
const COLOUR = { transferStrength: 0.6, paletteStrength: 0.2 };

export async function generateQuilt(model: Uint8Array | QuiltModel, request: QuiltGenerationRequest) {
  const { rgb, size } = synthesiseQuilt(model, request);
  return sharp(rgb, { raw: { width: size, height: size, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** The generation without the PNG encoding: raw pixels plus which images fed them. */
export function synthesiseQuilt(
  model: Uint8Array | QuiltModel,
  request: QuiltGenerationRequest,
): QuiltSynthesis {
  const { header, ...decoded } = 'header' in model ? model : decodeQuiltModel(model);
  const size = request.size ?? 512;
  if (!Number.isInteger(size) || size < 64 || size > 2048)
    throw new AppError('VALIDATION_FAILED', `image size ${size} must be a whole number from 64 to 2048`);
  if (!Number.isSafeInteger(request.seed))
    throw new AppError('VALIDATION_FAILED', `seed ${request.seed} must be a whole number`);

  const tags = normaliseTags(request.tags);
  const { indices: sources, matched } = selectSourceImages(
    header.images.map((image) => image.tags),
    tags,
  );
  const P = header.patchSize;
  const chosen = sources.map((i) => header.images[i]!);
  const { pixels, histograms, layouts, count } = gatherLibrary({ header, ...decoded }, sources);

  // The source images' palette shares, weighted by area: what the output's colours should add up to.
  const area = (image: (typeof chosen)[number]) => image.width * image.height;
  const total = chosen.reduce((t, image) => t + area(image), 0);
  const shares = Float64Array.from(header.palette, (_, c) =>
    chosen.reduce((t, image) => t + (image.paletteWeights[c]! * area(image)) / total, 0),
  );
  const sum = shares.reduce((t, v) => t + v, 0);
  const target = shares.map((v) => v / sum);

  const random = createRandom(mixSeeds(request.seed, hashString(tags.join('\n'))));
  const overlap = Math.max(2, Math.round(P / 6));
  const { blocks } = blockGrid(size, P, overlap);
  // The composition comes from one source image, chosen and perhaps mirrored by the seed.
  const composition = layouts[randomInt(random, layouts.length)]!;
  const layout = layoutForBlocks(composition, header.layoutSize, blocks, random() < 0.5);
  const quilted = quilt(pixels, count, {
    size,
    patchSize: P,
    overlap,
    random,
    ...QUILTING,
    guides: [
      histogramGuide(histograms, target, GUIDES.histogram),
      layoutGuide(patchMeans(pixels, P), layout, blocks, GUIDES.layout),
    ],
  });

  const stats = pooledStats(chosen.map((image) => ({ stats: image.lab, weight: area(image) })));
  const palette = header.palette.flatMap((colour, c) => (target[c]! >= PALETTE_MIN_SHARE ? colour.lab : []));
  const rgb = matchColours(quilted, { target: stats, palette: Float32Array.from(palette), ...COLOUR });
  return { rgb, size, sources, matched };
}

/** The chosen images' patches and palette histograms, concatenated, and each image's layout. */
function gatherLibrary(model: QuiltModel, sources: number[]) {
  const { patchSize, palette } = model.header;
  const count = sources.reduce((n, i) => n + model.header.images[i]!.patchCount, 0);
  const pixels = new Uint8Array(count * patchBytes(patchSize));
  const histograms = new Uint8Array(count * palette.length);
  const layouts: Uint8Array[] = [];
  let at = 0;
  for (const i of sources) {
    const library = readImageLibrary(model, i);
    pixels.set(library.pixels, at * patchBytes(patchSize));
    histograms.set(library.histograms, at * palette.length);
    layouts.push(library.layout);
    at += model.header.images[i]!.patchCount;
  }
  return { pixels, histograms, layouts, count };
}
