/**
 * Colour matching of a synthesised image to the style: a per-channel mean/standard-deviation transfer in
 * Lab toward the source images' statistics (quilting favours smooth patches, which drifts the colours),
 * then a soft pull of each pixel toward its nearest palette colour. Both steps are partial on purpose:
 * the patches already carry the artist's colours, and a full snap would posterise them.
 */
import { labToRgb, rgbToLab } from './color';
import { nearestCentroid } from './kmeans';

export type Lab = [number, number, number];

export interface LabStats {
  mean: Lab;
  std: Lab;
}

export interface ColourMatch {
  target: LabStats;
  /** Palette centroids, k × (L, a, b). */
  palette: Float32Array;
  /** 0 = leave the statistics alone, 1 = full mean/std transfer. */
  transferStrength: number;
  /** Fraction of the way each pixel moves toward its nearest palette colour. */
  paletteStrength: number;
}

export function labStats(lab: Float32Array): LabStats {
  const n = lab.length / 3;
  const sum = [0, 0, 0];
  const squares = [0, 0, 0];
  for (let i = 0; i < lab.length; i += 3) {
    for (let j = 0; j < 3; j++) {
      const v = lab[i + j]!;
      sum[j]! += v;
      squares[j]! += v * v;
    }
  }
  const mean = sum.map((s) => s / n) as Lab;
  const std = squares.map((s, j) => Math.sqrt(Math.max(0, s / n - mean[j]! ** 2))) as Lab;
  return { mean, std };
}

/** Statistics of several images taken together, each weighted by its pixel count. */
export function pooledStats(parts: { stats: LabStats; weight: number }[]): LabStats {
  const total = parts.reduce((t, p) => t + p.weight, 0);
  const mean = [0, 1, 2].map(
    (j) => parts.reduce((t, p) => t + p.weight * p.stats.mean[j]!, 0) / total,
  ) as Lab;
  const std = [0, 1, 2].map((j) => {
    const second = parts.reduce((t, p) => t + p.weight * (p.stats.std[j]! ** 2 + p.stats.mean[j]! ** 2), 0);
    return Math.sqrt(Math.max(0, second / total - mean[j]! ** 2));
  }) as Lab;
  return { mean, std };
}

/** Returns a new RGB buffer with the image's colours matched to the style. */
export function matchColours(rgb: Uint8Array, match: ColourMatch): Uint8Array {
  const lab = rgbToLab(rgb);
  const own = labStats(lab);
  const scale = [0, 1, 2].map((j) => {
    if (own.std[j]! < 1e-3) return 1;
    // Bounded: a near-flat output must not have its noise blown up into banding.
    return Math.min(2, Math.max(0.5, match.target.std[j]! / own.std[j]!));
  });
  const { transferStrength: t, paletteStrength: pull, palette } = match;
  for (let i = 0; i < lab.length; i += 3) {
    for (let j = 0; j < 3; j++) {
      const v = lab[i + j]!;
      const transferred = (v - own.mean[j]!) * scale[j]! + match.target.mean[j]!;
      lab[i + j] = v + t * (transferred - v);
    }
    if (pull > 0 && palette.length > 0) {
      const c = nearestCentroid(palette, lab[i]!, lab[i + 1]!, lab[i + 2]!) * 3;
      for (let j = 0; j < 3; j++) lab[i + j]! += pull * (palette[c + j]! - lab[i + j]!);
    }
    lab[i] = Math.min(100, Math.max(0, lab[i]!));
  }
  return labToRgb(lab);
}
