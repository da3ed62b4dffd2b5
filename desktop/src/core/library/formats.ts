/**
 * What a file is, by its first bytes: the library takes JPEG, PNG and WebP by content, whatever the
 * name says. A name that promises an image marks a non-image file as a broken image rather than noise.
 */
import { extname } from 'node:path';
import { sniffRasterFormat } from '@style-license/platform/images';
import type { LibraryFormat } from '../model';

/** Enough of the head for every signature below (WebP's RIFF header is the longest, 12 bytes). */
export const SNIFF_BYTES = 12;

/** A RIFF container whose form type is WEBP. */
function isWebp(head: Uint8Array): boolean {
  const text = (from: number, to: number) => Buffer.from(head.subarray(from, to)).toString('latin1');
  return head.length >= 12 && text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP';
}

export function sniffLibraryFormat(head: Uint8Array): LibraryFormat | null {
  return sniffRasterFormat(head) ?? (isWebp(head) ? 'webp' : null);
}

/** Names artists give the library's formats. Such a file that is not one is recorded corrupt, not ignored. */
const IMAGE_NAME_EXTENSIONS = new Set(['.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp']);

export function hasImageName(path: string): boolean {
  return IMAGE_NAME_EXTENSIONS.has(extname(path).toLowerCase());
}
