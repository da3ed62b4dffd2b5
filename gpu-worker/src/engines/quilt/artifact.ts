/**
 * The quilt model's file format, version 1: an 8-byte magic, a little-endian u32 header length, a JSON
 * header (palette, tag index, per-image statistics and where each image's patches lie), then one
 * raw-deflated chunk per training image: its patches, row-filtered (each byte minus the one a pixel to
 * its left), then one palette histogram per patch (a byte per palette colour, summing to ≈255), then
 * the image's layout: an RGB thumbnail `layoutSize` pixels square.
 * Readers reject any other version with an error that says so; nothing is guessed.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '@style-license/shared';
import { patchBytes } from './patches';

export const QUILT_FORMAT_VERSION = 1 as const;
const MAGIC = Buffer.from('SLQUILT\0', 'latin1');
const PREFIX = MAGIC.length + 4;
const MAX_HEADER_BYTES = 8 * 1024 * 1024;

const lab = z.tuple([z.number(), z.number(), z.number()]);
const count = z.number().int().min(0);

const headerSchema = z.object({
  format: z.literal('quilt'),
  version: z.literal(QUILT_FORMAT_VERSION),
  patchSize: z.number().int().min(8).max(256),
  layoutSize: z.number().int().min(1).max(64),
  patchEncoding: z.literal('rgb8-sub-deflate'),
  palette: z
    .array(z.object({ lab, hex: z.string(), weight: z.number().min(0).max(1) }))
    .min(1)
    .max(64),
  /** Tag → indices into `images`. */
  tags: z.record(z.string(), z.array(count)),
  images: z
    .array(
      z.object({
        tags: z.array(z.string()),
        /** Size of the training copy the patches were cut from. */
        width: count,
        height: count,
        patchCount: z.number().int().min(1),
        lab: z.object({ mean: lab, std: lab }),
        /** Share of this image's pixels nearest each palette colour (same order as `palette`). */
        paletteWeights: z.array(z.number().min(0).max(1)),
        byteOffset: count,
        byteLength: count,
      }),
    )
    .min(1),
});

export type QuiltModelHeader = z.infer<typeof headerSchema>;
export type QuiltImageEntry = QuiltModelHeader['images'][number];

/** One image's library: `patchCount` packed patches, their palette histograms, and its layout. */
export interface ImageLibrary {
  pixels: Uint8Array;
  /** `patchCount × palette.length` bytes; each patch's row sums to about 255. */
  histograms: Uint8Array;
  /** `layoutSize² × 3` bytes: the whole image, tiny, for composition. */
  layout: Uint8Array;
}

export interface QuiltModel {
  header: QuiltModelHeader;
  /** The chunks after the header; image entries' offsets are relative to its start. */
  body: Buffer;
}

const unreadable = (reason: string) =>
  new AppError('IMAGE_GENERATION_FAILED', `quilt model unreadable: ${reason}`);

/** Serialises a model; `patches[i]` holds image i's library. */
export function encodeQuiltModel(
  header: Omit<QuiltModelHeader, 'images'> & { images: Omit<QuiltImageEntry, 'byteOffset' | 'byteLength'>[] },
  patches: ImageLibrary[],
): Buffer {
  let offset = 0;
  // Level 1: patches are mostly grain and detail, so higher levels shrink them ~15% at 3× the time.
  const chunks = patches.map(({ pixels, histograms, layout }) =>
    deflateRawSync(Buffer.concat([filterRows(pixels, header.patchSize), histograms, layout]), { level: 1 }),
  );
  const images = header.images.map((image, i) => {
    const chunk = chunks[i]!;
    const entry = { ...image, byteOffset: offset, byteLength: chunk.length };
    offset += chunk.length;
    return entry;
  });
  const json = Buffer.from(JSON.stringify({ ...header, images }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([MAGIC, length, json, ...chunks]);
}

/** Parses and validates a model's header; patches stay compressed until `readImageLibrary`. */
export function decodeQuiltModel(artifact: Uint8Array): QuiltModel {
  const buffer = Buffer.from(artifact.buffer, artifact.byteOffset, artifact.byteLength);
  if (buffer.length < PREFIX || !buffer.subarray(0, MAGIC.length).equals(MAGIC))
    throw unreadable('not a quilt model (bad magic)');
  const headerLength = buffer.readUInt32LE(MAGIC.length);
  if (headerLength > MAX_HEADER_BYTES || PREFIX + headerLength > buffer.length)
    throw unreadable('truncated header');
  let raw: unknown;
  try {
    raw = JSON.parse(buffer.toString('utf8', PREFIX, PREFIX + headerLength));
  } catch {
    throw unreadable('header is not JSON');
  }
  const { format, version } = (raw ?? {}) as { format?: unknown; version?: unknown };
  if (format !== 'quilt') throw unreadable(`header format ${JSON.stringify(format)} is not "quilt"`);
  if (version !== QUILT_FORMAT_VERSION)
    throw unreadable(
      `format version ${JSON.stringify(version)} is not supported (this worker reads version ${QUILT_FORMAT_VERSION}); retrain the style or update the worker`,
    );
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) throw unreadable(`invalid header (${parsed.error.issues[0]?.message ?? 'schema'})`);
  const header = parsed.data;
  const body = buffer.subarray(PREFIX + headerLength);
  header.images.forEach((image, i) => {
    if (image.byteOffset + image.byteLength > body.length)
      throw unreadable(`image ${i}'s patches are truncated`);
    if (image.paletteWeights.length !== header.palette.length)
      throw unreadable(`image ${i} has ${image.paletteWeights.length} palette weights`);
  });
  for (const indices of Object.values(header.tags))
    if (indices.some((i) => i >= header.images.length)) throw unreadable('tag index points past the images');
  return { header, body };
}

/** Image `index`'s library, inflated and unfiltered. */
export function readImageLibrary(model: QuiltModel, index: number): ImageLibrary {
  const image = model.header.images[index];
  if (!image) throw new RangeError(`no image ${index} in the model`);
  const pixelBytes = image.patchCount * patchBytes(model.header.patchSize);
  const histogramBytes = image.patchCount * model.header.palette.length;
  const expected = pixelBytes + histogramBytes + model.header.layoutSize ** 2 * 3;
  let bytes: Uint8Array;
  try {
    bytes = inflateRawSync(model.body.subarray(image.byteOffset, image.byteOffset + image.byteLength));
  } catch {
    throw unreadable(`image ${index}'s patches are corrupt`);
  }
  if (bytes.length !== expected)
    throw unreadable(`image ${index} has ${bytes.length} patch bytes, not ${expected}`);
  const view = (from: number, to: number) => new Uint8Array(bytes.buffer, bytes.byteOffset + from, to - from);
  return {
    pixels: unfilterRows(view(0, pixelBytes), model.header.patchSize),
    histograms: view(pixelBytes, pixelBytes + histogramBytes),
    layout: view(pixelBytes + histogramBytes, expected),
  };
}

/** Replaces each byte (after a row's first pixel) by its difference from the pixel to its left. */
function filterRows(bytes: Uint8Array, patchSize: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const row = patchSize * 3;
  for (let start = 0; start < bytes.length; start += row) {
    for (let i = start; i < start + 3; i++) out[i] = bytes[i]!;
    for (let i = start + 3; i < start + row; i++) out[i] = (bytes[i]! - bytes[i - 3]!) & 0xff;
  }
  return out;
}

function unfilterRows(bytes: Uint8Array, patchSize: number): Uint8Array {
  const row = patchSize * 3;
  for (let start = 0; start < bytes.length; start += row)
    for (let i = start + 3; i < start + row; i++) bytes[i] = (bytes[i]! + bytes[i - 3]!) & 0xff;
  return bytes;
}
