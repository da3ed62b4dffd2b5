/**
 * What an uploaded file really is, by its magic number, never by its name or declared type. Only PNG
 * and JPEG pass, so SVG, HTML, GIF, WebP and the rest never reach a decoder (librsvg and friends are
 * not attack surface). Callers still let the decoder confirm, with a pixel limit against bombs.
 */
const MAGIC = {
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff]),
} as const;

export type RasterFormat = keyof typeof MAGIC;

export function sniffRasterFormat(bytes: Uint8Array): RasterFormat | null {
  for (const format of Object.keys(MAGIC) as RasterFormat[]) {
    if (Buffer.from(bytes.subarray(0, MAGIC[format].length)).equals(MAGIC[format])) return format;
  }
  return null;
}
