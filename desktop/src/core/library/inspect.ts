/**
 * Reads one file for the catalog (inside an inspect worker): format by content, size and date, SHA-256
 * in chunks, upright size and perceptual hash from one decode that fails on any decoder warning, so a
 * truncated or damaged image is recorded corrupt. Never writes; never trusts the file name.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import sharp from 'sharp';
import { perceptualHash } from '@style-license/platform/images';
import type { IgnoredFile, ScannedImage } from '../catalog';
import { hasImageName, sniffLibraryFormat, SNIFF_BYTES } from './formats';

export type Inspection =
  | { kind: 'image'; image: ScannedImage }
  /** Not an image by content, and not named like one: remembered so it is not opened again. */
  | { kind: 'ignored'; file: IgnoredFile }
  /** Gone (or no longer a plain file) between listing and reading. */
  | { kind: 'gone'; path: string };

const HASH_CHUNK = 256 * 1024;

async function sha256Of(handle: FileHandle): Promise<string> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(HASH_CHUNK);
  for (let position = 0; ;) {
    const { bytesRead } = await handle.read(chunk, 0, HASH_CHUNK, position);
    if (bytesRead === 0) return hash.digest('hex');
    hash.update(chunk.subarray(0, bytesRead));
    position += bytesRead;
  }
}

type Decoded = Pick<ScannedImage, 'width' | 'height' | 'perceptualHash' | 'corrupt'>;
const UNREADABLE: Decoded = { width: null, height: null, perceptualHash: null, corrupt: true };

async function decode(path: string): Promise<Decoded> {
  let width: number, height: number;
  try {
    // The header alone: a truncated file still has its size, which the artist may want to see.
    const meta = await sharp(path).metadata();
    ({ width, height } = meta.autoOrient ?? meta);
  } catch {
    return UNREADABLE;
  }
  try {
    // The decode the hash needs is the completeness check too: failOn 'warning' turns libjpeg's
    // "premature end of data" and libpng's CRC and zlib complaints into errors.
    const hash = await perceptualHash(sharp(path, { failOn: 'warning', sequentialRead: true }).autoOrient());
    return { width, height, perceptualHash: hash, corrupt: false };
  } catch {
    return { width, height, perceptualHash: null, corrupt: true };
  }
}

export async function inspectFile(path: string): Promise<Inspection> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone', path };
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { kind: 'gone', path };
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    const format = sniffLibraryFormat(head.subarray(0, bytesRead));
    const file = { path, byteSize: stats.size, mtimeMs: stats.mtimeMs };
    if (!format && !hasImageName(path)) return { kind: 'ignored', file };
    const sha256 = await sha256Of(handle);
    const decoded = format ? await decode(path) : UNREADABLE;
    return { kind: 'image', image: { ...file, sha256, format, ...decoded } };
  } finally {
    await handle.close();
  }
}
