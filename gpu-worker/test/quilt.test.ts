import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@style-license/shared';
import { decodeQuiltModel, generateQuilt, synthesiseQuilt, trainQuilt } from '../src/engines/quilt';
import {
  ARTISTS,
  MEDIUM,
  chiSquareDistance,
  colourHistogram,
  makeArtwork,
  makeTrainingSet,
  setHistogram,
  type Artist,
  type TrainingArtwork,
} from '../src/testing';

const IMAGES_PER_ARTIST = 12;

const sets = {} as Record<Artist, TrainingArtwork[]>;
const models = {} as Record<Artist, Buffer>;
const histograms = {} as Record<Artist, Float64Array>;

beforeAll(async () => {
  for (const artist of ARTISTS) {
    sets[artist] = await makeTrainingSet(artist, IMAGES_PER_ARTIST);
    models[artist] = await trainQuilt(sets[artist]);
    histograms[artist] = await setHistogram(sets[artist].map((image) => image.data));
  }
});

const subjectHistogram = (artist: Artist, subject: string) =>
  setHistogram(sets[artist].filter((image) => image.subject === subject).map((image) => image.data));

describe('Quilt engine: generation', () => {
  it('gives a byte-identical PNG for the same model, tags and seed, and a different one for another seed', async () => {
    const request = { tags: ['landscape'], seed: 42 };
    const first = await generateQuilt(models.ember, request);
    const again = await generateQuilt(models.ember, request);
    const otherSeed = await generateQuilt(models.ember, { ...request, seed: 43 });
    expect(again.equals(first)).toBe(true);
    expect(otherSeed.equals(first)).toBe(false);
  });

  it('writes a 512×512 RGB PNG by default', async () => {
    const png = await generateQuilt(models.neon, { tags: ['portrait'], seed: 1 });
    expect(await sharp(png).metadata()).toMatchObject({
      format: 'png',
      width: 512,
      height: 512,
      channels: 3,
    });
  });

  it('makes different images for different tags, each closer in colour to the training images with those tags', async () => {
    const [portraits, landscapes] = await Promise.all([
      subjectHistogram('ember', 'portrait'),
      subjectHistogram('ember', 'landscape'),
    ]);
    const portrait = await colourHistogram(
      await generateQuilt(models.ember, { tags: ['portrait'], seed: 5 }),
    );
    const landscape = await colourHistogram(
      await generateQuilt(models.ember, { tags: ['landscape'], seed: 5 }),
    );

    // Rose washes versus ochre hills: the two outputs share few colours at all.
    expect(chiSquareDistance(portrait, landscape)).toBeGreaterThan(0.5);
    expect(chiSquareDistance(portrait, portraits)).toBeLessThan(chiSquareDistance(portrait, landscapes) / 3);
    expect(chiSquareDistance(landscape, landscapes)).toBeLessThan(
      chiSquareDistance(landscape, portraits) / 3,
    );
  });

  it.each(ARTISTS)(
    '%s: the output’s colour histogram is closer to its own training set than to any other artist’s',
    async (artist) => {
      const output = await colourHistogram(
        await generateQuilt(models[artist], { tags: [MEDIUM[artist]], seed: 7 }),
      );
      const own = chiSquareDistance(output, histograms[artist]);
      for (const other of ARTISTS.filter((a) => a !== artist)) {
        const distance = chiSquareDistance(output, histograms[other]);
        expect(own, `${artist} vs ${other}: ${own.toFixed(3)} / ${distance.toFixed(3)}`).toBeLessThan(
          distance / 2,
        );
      }
    },
  );

  it('draws only on the images whose tags match, and on all of them when no tag matches', () => {
    const portraits = synthesiseQuilt(models.pastel, { tags: ['Portrait '], seed: 1, size: 128 });
    expect(portraits.matched).toBe(true);
    expect(portraits.sources).toEqual(
      sets.pastel.flatMap((image, i) => (image.subject === 'portrait' ? [i] : [])),
    );

    const unknown = synthesiseQuilt(models.pastel, { tags: ['cyberpunk'], seed: 1, size: 128 });
    expect(unknown).toMatchObject({ matched: false, sources: sets.pastel.map((_, i) => i) });
    expect(unknown.rgb).toHaveLength(128 * 128 * 3);
  });

  it('rejects sizes and seeds it cannot honour', async () => {
    await expect(generateQuilt(models.neon, { tags: [], seed: 1, size: 10_000 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(generateQuilt(models.neon, { tags: [], seed: 1.5 })).rejects.toBeInstanceOf(AppError);
  });
});

describe('Quilt engine: training', () => {
  it('reports progress from 0 to 100, never going backwards', async () => {
    const reported: number[] = [];
    await trainQuilt(sets.pastel.slice(0, 4), {}, (percent) => reported.push(percent));
    expect(reported[0]).toBe(0);
    expect(reported.at(-1)).toBe(100);
    expect(reported.every((p, i) => i === 0 || p > reported[i - 1]!)).toBe(true);
  });

  it('accepts images of varied sizes and formats, scaling each so its longer side is 512 px', async () => {
    const png = await makeArtwork('pastel', 0, { width: 1024, height: 600 });
    const images = [
      { data: png, tags: ['wide'] },
      { data: await makeArtwork('pastel', 1, { width: 300, height: 500, format: 'jpeg' }), tags: ['tall'] },
      { data: await sharp(png).webp().toBuffer(), tags: ['webp'] },
      { data: await sharp(png).grayscale().png().toBuffer(), tags: ['grey'] },
      { data: await sharp(png).ensureAlpha(0.5).png().toBuffer(), tags: ['translucent'] },
      { data: await sharp(png).resize(40, 40).png().toBuffer(), tags: ['tiny'] },
    ];
    const model = decodeQuiltModel(await trainQuilt(images));
    expect(model.header.images.map(({ width, height }) => [width, height])).toEqual([
      [512, 300],
      [307, 512],
      [512, 300],
      [512, 300],
      [512, 300],
      [512, 512],
    ]);
    const png512 = await generateQuilt(model, { tags: ['tall'], seed: 3 });
    expect(await sharp(png512).metadata()).toMatchObject({ width: 512, height: 512 });
  });

  it('fails on an undecodable image, naming which one', async () => {
    const images = [...sets.neon.slice(0, 2), { data: Buffer.from('not an image'), tags: [] }];
    const failure = await trainQuilt(images).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'MODEL_TRAINING_FAILED', details: [{ path: 'images.2' }] });
  });

  it('is deterministic: the same images, tags and seed give the same model', async () => {
    const images = sets.neon.slice(0, 3);
    expect((await trainQuilt(images)).equals(await trainQuilt(images))).toBe(true);
  });
});
