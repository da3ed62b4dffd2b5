/**
 * A 64-bit perceptual hash (dHash) of an image and the distance between two: near-identical pictures (a
 * resized or re-encoded copy) differ in few bits, unrelated ones in about half. Used by the server to
 * refuse a near-duplicate training image and by the desktop studio to group near-duplicates.
 */
import type { Sharp } from 'sharp';

/** Hamming distance at or under which two images are taken for the same picture. */
export const NEAR_DUPLICATE_BITS = 6;

/** dHash: 9×8 greyscale, one bit per horizontal gradient, as 16 hex digits. */
export async function perceptualHash(image: Sharp): Promise<string> {
  // libvips shrinks WebP while decoding, which smears fine texture enough to move a WebP copy of a PNG
  // 11–15 bits away; decoding WebP whole keeps copies within a bit or two. JPEG's shrink-on-load is kept:
  // its DCT scaling hashes like the full decode, and skipping it would make large uploads costly.
  const { format } = await image.metadata();
  const pixels = await image
    .clone()
    .greyscale()
    .resize(9, 8, { fit: 'fill', fastShrinkOnLoad: format !== 'webp' })
    .raw()
    .toBuffer();
  let bits = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) bits = (bits << 1n) | (pixels[y * 9 + x]! > pixels[y * 9 + x + 1]! ? 1n : 0n);
  }
  return bits.toString(16).padStart(16, '0');
}

/** How many of the 64 bits differ between two hashes. */
export function hammingDistance(a: string, b: string): number {
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  for (; diff; diff &= diff - 1n) count++;
  return count;
}
