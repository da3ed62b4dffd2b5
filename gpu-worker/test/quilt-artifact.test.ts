import { beforeAll, describe, expect, it } from 'vitest';
import {
  QUILT_FORMAT_VERSION,
  decodeQuiltModel,
  encodeQuiltModel,
  readImageLibrary,
  trainQuilt,
} from '../src/engines/quilt';
import { makeTrainingSet } from '../src/testing';

const PREFIX = 12; // magic (8) + header length (4)

/** Re-serialises a model with its header changed; the chunks after it are kept as they are. */
function withHeader(model: Buffer, change: (header: Record<string, unknown>) => unknown): Buffer {
  const length = model.readUInt32LE(8);
  const header = JSON.parse(model.toString('utf8', PREFIX, PREFIX + length)) as Record<string, unknown>;
  const json = Buffer.from(JSON.stringify(change(header)));
  const prefix = Buffer.alloc(PREFIX);
  model.copy(prefix, 0, 0, 8);
  prefix.writeUInt32LE(json.length, 8);
  return Buffer.concat([prefix, json, model.subarray(PREFIX + length)]);
}

let trained: Buffer;
beforeAll(async () => {
  const images = await makeTrainingSet('neon', 4, {
    size: 384,
    tagsFor: (i, subject) => [subject, `night ${i}`],
  });
  trained = await trainQuilt(images, { paletteSize: 8 });
});

describe('Quilt model file', () => {
  it('describes the style in a versioned header: palette, tag index, per-image statistics', () => {
    const { header } = decodeQuiltModel(trained);
    expect(header).toMatchObject({
      format: 'quilt',
      version: QUILT_FORMAT_VERSION,
      patchSize: 48,
      layoutSize: 16,
    });
    expect(header.palette.length).toBeGreaterThan(1);
    expect(header.palette.length).toBeLessThanOrEqual(8);
    expect(header.palette.reduce((sum, colour) => sum + colour.weight, 0)).toBeCloseTo(1, 3);
    // The ground of every neon picture is near-black navy: the heaviest palette colour.
    expect(header.palette[0]!.lab[0]).toBeLessThan(15);
    expect(header.tags).toEqual({
      landscape: [1, 3],
      'night 0': [0],
      'night 1': [1],
      'night 2': [2],
      'night 3': [3],
      portrait: [0, 2],
    });
    // Scaled up to the 512-px training size: patches are cut at the scale generation works at.
    expect(header.images[0]).toMatchObject({ tags: ['night 0', 'portrait'], width: 512, height: 512 });
  });

  it('round-trips: what is encoded decodes to the same header and the same bytes', () => {
    const library = (seed: number, patches: number) => ({
      pixels: Uint8Array.from({ length: patches * 16 * 16 * 3 }, (_, i) => (i * seed) % 251),
      histograms: Uint8Array.from({ length: patches * 2 }, (_, i) => (i % 2 ? 55 : 200)),
      layout: Uint8Array.from({ length: 2 * 2 * 3 }, (_, i) => i * seed),
    });
    const libraries = [library(7, 3), library(13, 5)];
    const image = (patchCount: number, tags: string[]) => ({
      tags,
      width: 64,
      height: 32,
      patchCount,
      lab: { mean: [50, 1, -2] as [number, number, number], std: [10, 3, 4] as [number, number, number] },
      paletteWeights: [0.75, 0.25],
    });
    const header = {
      format: 'quilt' as const,
      version: QUILT_FORMAT_VERSION,
      patchSize: 16,
      layoutSize: 2,
      patchEncoding: 'rgb8-sub-deflate' as const,
      palette: [
        { lab: [90, 0, 0] as [number, number, number], hex: '#e2e2e2', weight: 0.75 },
        { lab: [20, 40, 10] as [number, number, number], hex: '#5a1b2a', weight: 0.25 },
      ],
      tags: { a: [0], b: [1] },
      images: [image(3, ['a']), image(5, ['b'])],
    };
    const model = decodeQuiltModel(encodeQuiltModel(header, libraries));
    expect(model.header).toMatchObject(header);
    libraries.forEach((library, i) => expect(readImageLibrary(model, i)).toEqual(library));
  });

  it('refuses a model of another format version, saying which version it reads', () => {
    const future = withHeader(trained, (header) => ({ ...header, version: 2 }));
    expect(() => decodeQuiltModel(future)).toThrow(
      /version 2 is not supported \(this worker reads version 1\)/,
    );
    expect(() => decodeQuiltModel(withHeader(trained, ({ version: _, ...rest }) => rest))).toThrow(
      /version undefined is not supported/,
    );
  });

  it('refuses what is not a whole, valid quilt model', () => {
    const reject = (bytes: Buffer, reason: RegExp) => {
      expect(() => {
        const model = decodeQuiltModel(bytes);
        model.header.images.forEach((_, i) => readImageLibrary(model, i));
      }).toThrow(reason);
    };
    reject(Buffer.from('PNG and friends'), /bad magic/);
    reject(trained.subarray(0, 200), /truncated header/);
    reject(trained.subarray(0, trained.length - 100), /truncated/);
    reject(
      withHeader(trained, (header) => ({ ...header, format: 'lora' })),
      /format "lora" is not "quilt"/,
    );
    reject(
      withHeader(trained, (header) => ({ ...header, palette: [] })),
      /invalid header/,
    );
    reject(
      withHeader(trained, (header) => ({ ...header, tags: { x: [99] } })),
      /tag index points past/,
    );
    const corrupt = Buffer.from(trained);
    corrupt.fill(0xff, corrupt.length - 5000, corrupt.length - 4000);
    reject(corrupt, /corrupt|patch bytes/);
  });
});
