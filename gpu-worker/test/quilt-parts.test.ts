import { describe, expect, it } from 'vitest';
import { labToRgb, rgbToLab } from '../src/engines/quilt/color';
import { histogramGuide } from '../src/engines/quilt/guides';
import { kmeans } from '../src/engines/quilt/kmeans';
import { quilt } from '../src/engines/quilt/quilting';
import { createRandom } from '../src/engines/quilt/random';
import { jaccard, normaliseTags, selectSourceImages } from '../src/engines/quilt/tags';

const QUILTING = { candidatesPerBlock: 200, tolerance: 0.1, slackPerValue: 4 };

/** `count` patches of side `size`, each pixel from `colour(patch, x, y)`. */
function library(count: number, size: number, colour: (patch: number, x: number, y: number) => number[]) {
  const pixels = new Uint8Array(count * size * size * 3);
  for (let p = 0; p < count; p++)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) pixels.set(colour(p, x, y), ((p * size + y) * size + x) * 3);
  return pixels;
}

describe('Quilt parts: colour', () => {
  it('converts sRGB to Lab with the standard D65 values and back without drift', () => {
    const lab = rgbToLab(Uint8Array.of(255, 255, 255, 255, 0, 0, 0, 0, 0));
    expect([...lab].map((v) => Math.round(v * 10) / 10 + 0)).toEqual([100, 0, 0, 53.2, 80.1, 67.2, 0, 0, 0]);

    const grid = Uint8Array.from({ length: 18 ** 3 * 3 }, (_, i) => {
      const pixel = Math.floor(i / 3);
      return [pixel % 18, Math.floor(pixel / 18) % 18, Math.floor(pixel / 324)][i % 3]! * 15;
    });
    const back = labToRgb(rgbToLab(grid));
    expect(Math.max(...grid.map((v, i) => Math.abs(v - back[i]!)))).toBeLessThanOrEqual(1);
  });
});

describe('Quilt parts: palette', () => {
  it('finds well-separated colours and their shares, the same way for the same seed', () => {
    const colours = [
      [30, 20, -40],
      [70, -30, 50],
      [90, 5, 5],
    ];
    const shares = [0.5, 0.3, 0.2];
    const samples = new Float32Array(3000);
    for (let i = 0; i < 1000; i++) {
      const c = i < 500 ? 0 : i < 800 ? 1 : 2;
      samples.set(
        colours[c]!.map((v, j) => v + Math.sin(i * (j + 1)) * 2),
        i * 3,
      );
    }
    const clusters = kmeans(samples, 3, createRandom(1));
    expect([...clusters.weights]).toEqual(shares);
    colours.forEach((colour, c) =>
      colour.forEach((v, j) => expect(clusters.centroids[c * 3 + j]).toBeCloseTo(v, 0)),
    );
    expect(kmeans(samples, 3, createRandom(1))).toEqual(clusters);
  });
});

describe('Quilt parts: tags', () => {
  it('normalises tags and scores prompts by Jaccard similarity', () => {
    expect(normaliseTags(['  Red  Sky', 'red sky', '', 'Portrait'])).toEqual(['portrait', 'red sky']);
    expect(jaccard(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3);
    expect(jaccard([], [])).toBe(0);
  });

  it('uses the images scoring at least half the best score, or all images when none match', () => {
    const images = [['portrait', 'sea'], ['portrait'], ['landscape', 'sea', 'storm'], ['landscape']];
    expect(selectSourceImages(images, ['portrait'])).toEqual({ indices: [0, 1], matched: true });
    expect(selectSourceImages(images, ['sea', 'portrait'])).toEqual({ indices: [0, 1], matched: true });
    expect(selectSourceImages(images, ['storm'])).toEqual({ indices: [2], matched: true });
    expect(selectSourceImages(images, ['cubism'])).toEqual({ indices: [0, 1, 2, 3], matched: false });
  });
});

describe('Quilt parts: quilting', () => {
  it('continues a texture across blocks: vertical stripes stay unbroken stripes', () => {
    // Patches cut at every phase of an 8-px stripe pattern; a good quilt lines the phases up.
    const stripes = library(32, 24, (p, x) => (((x + p) >> 2) % 2 ? [255, 255, 255] : [0, 0, 0]));
    const out = quilt(stripes, 32, {
      size: 96,
      patchSize: 24,
      overlap: 4,
      random: createRandom(3),
      ...QUILTING,
    });
    let broken = 0;
    for (let y = 1; y < 96; y++)
      for (let x = 0; x < 96; x++) if (out[(y * 96 + x) * 3] !== out[((y - 1) * 96 + x) * 3]) broken++;
    expect(broken / (95 * 96)).toBeLessThan(0.02);
  });

  it('is a pure function of its seed', () => {
    const noise = library(40, 16, (p, x, y) => [(p * 37 + x * 11) % 256, (y * 13) % 256, (p * x * y) % 256]);
    const run = (seed: number) =>
      quilt(noise, 40, { size: 64, patchSize: 16, overlap: 3, random: createRandom(seed), ...QUILTING });
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('with a histogram guide, gives each colour about the share it has in the source images', () => {
    // White patches, red-noise patches, and patches with a white/red boundary at various places.
    const size = 16;
    const isWhite = (p: number, x: number, y: number) => {
      if (p < 60) return p < 30;
      const edge = (p % 13) + 2;
      return [x < edge, x >= edge, y < edge, y >= edge][p % 4]!;
    };
    const patches = library(90, size, (p, x, y) =>
      isWhite(p, x, y) ? [255, 255, 255] : [200 + ((x * 7 + y * 13 + p) % 40), 20, 30],
    );
    const histograms = new Uint8Array(180);
    for (let p = 0; p < 90; p++) {
      let white = 0;
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) white += isWhite(p, x, y) ? 1 : 0;
      histograms[p * 2] = Math.round((white * 255) / size ** 2);
      histograms[p * 2 + 1] = 255 - histograms[p * 2]!;
    }
    for (const target of [0.3, 0.7])
      for (const seed of [1, 2, 3]) {
        const out = quilt(patches, 90, {
          size: 160,
          patchSize: size,
          overlap: 3,
          random: createRandom(seed),
          ...QUILTING,
          guides: [histogramGuide(histograms, Float64Array.of(target, 1 - target), 100)],
        });
        let white = 0;
        for (let i = 0; i < out.length; i += 3) if (out[i + 1]! > 200) white++;
        expect(Math.abs(white / (out.length / 3) - target), `target ${target}, seed ${seed}`).toBeLessThan(
          0.1,
        );
      }
  });
});
