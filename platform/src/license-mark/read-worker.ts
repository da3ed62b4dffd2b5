/**
 * One mark reading on a worker thread (run by reader.ts through piscina): decode, shrink what is far
 * larger than any generation size, read. Reading is 60–400 ms of pure JavaScript per image, which must
 * not hold a server's event loop.
 */
import sharp from 'sharp';
import { readMark } from './detect';
import { licensePrefixOf } from './payload';

export interface ReadTask {
  image: Uint8Array;
  key: string;
  /** Turns to search (degrees); the full search by default. */
  rotations?: number[];
  /** Refuses images above this many pixels before decoding (a decompression bomb). */
  maxPixels: number;
}

export interface ReadResult {
  /** The license id's first 48 bits as "xxxxxxxx-xxxx", or null when no mark could be read. */
  licensePrefix: string | null;
  confidence: number;
  bitErrors?: number;
  /** Why nothing was read when the file itself was the problem (not an image, too large). */
  unreadable?: string;
}

/**
 * Twice the largest generation side: a copy blown up beyond that is shrunk first, which the detector
 * undoes like any other resize (it rescales to each generation size of the same aspect ratio).
 */
const LARGEST_READ_SIDE = 3072;

export default async function readLicenseMark(task: ReadTask): Promise<ReadResult> {
  let decoded;
  try {
    decoded = await sharp(task.image, { limitInputPixels: task.maxPixels, failOn: 'error' })
      .rotate()
      .resize(LARGEST_READ_SIDE, LARGEST_READ_SIDE, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    return { licensePrefix: null, confidence: 0, unreadable: (error as Error).message };
  }
  const { data, info } = decoded;
  let reading;
  try {
    reading = readMark(
      { data, width: info.width, height: info.height, channels: info.channels },
      { key: task.key, ...(task.rotations ? { rotations: task.rotations } : {}) },
    );
  } catch (error) {
    // An image the detector cannot take (a few pixels wide, say) carries no mark worth reporting.
    return { licensePrefix: null, confidence: 0, unreadable: (error as Error).message };
  }
  return {
    licensePrefix: reading.payload === null ? null : licensePrefixOf(reading.payload),
    confidence: reading.confidence,
    ...(reading.bitErrors === undefined ? {} : { bitErrors: reading.bitErrors }),
  };
}
