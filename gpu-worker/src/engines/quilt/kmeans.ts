/**
 * Seeded k-means++ over Lab colours: the style's palette. Clusters come back sorted by weight (share
 * of the sample), heaviest first; empty clusters are dropped, so fewer than k may return.
 */
import type { Random } from './random';

export interface Clusters {
  /** k × (L, a, b). */
  centroids: Float32Array;
  /** Share of the samples nearest each centroid; sums to 1. */
  weights: Float64Array;
}

/** Index of the centroid nearest (l, a, b). */
export function nearestCentroid(centroids: Float32Array, l: number, a: number, b: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < centroids.length; c += 3) {
    const dl = l - centroids[c]!;
    const da = a - centroids[c + 1]!;
    const db = b - centroids[c + 2]!;
    const distance = dl * dl + da * da + db * db;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = c / 3;
    }
  }
  return best;
}

/** k-means++ seeding: each next centre drawn with probability proportional to squared distance. */
function seedCentroids(samples: Float32Array, k: number, random: Random): Float32Array {
  const n = samples.length / 3;
  const centres: number[] = [Math.floor(random() * n)];
  const distances = new Float64Array(n).fill(Infinity);
  while (centres.length < k) {
    const last = centres[centres.length - 1]! * 3;
    let total = 0;
    for (let i = 0, s = 0; i < n; i++, s += 3) {
      const dl = samples[s]! - samples[last]!;
      const da = samples[s + 1]! - samples[last + 1]!;
      const db = samples[s + 2]! - samples[last + 2]!;
      const d = dl * dl + da * da + db * db;
      if (d < distances[i]!) distances[i] = d;
      total += distances[i]!;
    }
    if (total === 0) break; // fewer distinct colours than k
    let target = random() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      target -= distances[i]!;
      if (target < 0) {
        chosen = i;
        break;
      }
    }
    centres.push(chosen);
  }
  const centroids = new Float32Array(centres.length * 3);
  centres.forEach((sample, c) => centroids.set(samples.subarray(sample * 3, sample * 3 + 3), c * 3));
  return centroids;
}

export function kmeans(samples: Float32Array, k: number, random: Random, iterations = 16): Clusters {
  const n = samples.length / 3;
  if (n === 0) throw new Error('k-means needs at least one sample');
  const centroids = seedCentroids(samples, Math.min(k, n), random);
  const count = centroids.length / 3;
  const assignment = new Int32Array(n);
  const sums = new Float64Array(count * 3);
  const sizes = new Float64Array(count);
  for (let iteration = 0; iteration < iterations; iteration++) {
    sums.fill(0);
    sizes.fill(0);
    let moved = 0;
    for (let i = 0, s = 0; i < n; i++, s += 3) {
      const c = nearestCentroid(centroids, samples[s]!, samples[s + 1]!, samples[s + 2]!);
      if (c !== assignment[i]) moved++;
      assignment[i] = c;
      sizes[c]!++;
      sums[c * 3]! += samples[s]!;
      sums[c * 3 + 1]! += samples[s + 1]!;
      sums[c * 3 + 2]! += samples[s + 2]!;
    }
    for (let c = 0; c < count; c++) {
      if (sizes[c] === 0) continue; // keeps its place; dropped below if still empty
      for (let j = 0; j < 3; j++) centroids[c * 3 + j] = sums[c * 3 + j]! / sizes[c]!;
    }
    if (iteration > 0 && moved === 0) break;
  }
  const order = [...sizes.keys()].filter((c) => sizes[c]! > 0).sort((x, y) => sizes[y]! - sizes[x]! || x - y);
  const sorted = new Float32Array(order.length * 3);
  const weights = new Float64Array(order.length);
  order.forEach((c, rank) => {
    sorted.set(centroids.subarray(c * 3, c * 3 + 3), rank * 3);
    weights[rank] = sizes[c]! / n;
  });
  return { centroids: sorted, weights };
}
