/**
 * What an uploaded file really is, by its magic number, never by its name or declared type. Only PNG
 * and JPEG pass, so SVG, HTML, GIF, WebP and the rest never reach a decoder (librsvg and friends are
 * not attack surface). Callers still let the decoder confirm, with a pixel limit against bombs.
 * `imageEnd` finds where the image's own structure ends, so data appended after it (a ZIP, a second
 * picture) can be cut off instead of being kept inside a file that looks like an image.
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

/** After the IEND chunk (length, type, data, CRC), walking chunk lengths from the signature on. */
function pngEnd(bytes: Buffer): number | null {
  for (let offset = MAGIC.png.length; offset + 12 <= bytes.length;) {
    const end = offset + 12 + bytes.readUInt32BE(offset);
    if (end > bytes.length) return null;
    if (bytes.toString('latin1', offset + 4, offset + 8) === 'IEND') return end;
    offset = end;
  }
  return null;
}

const isRestart = (marker: number | undefined) => marker !== undefined && marker >= 0xd0 && marker <= 0xd7;

/**
 * After the EOI marker, walking segment lengths; a bare search for FF D9 would stop inside an EXIF
 * thumbnail. Entropy-coded data after each SOS runs to the next marker that is neither a stuffed FF 00
 * nor a restart marker; progressive files have several scans with tables between them.
 */
function jpegEnd(bytes: Buffer): number | null {
  let offset = 2; // after SOI
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    while (bytes[offset] === 0xff) offset++; // fill bytes may precede a marker
    const marker = bytes[offset++];
    if (marker === undefined) return null;
    if (marker === 0xd9) return offset;
    if (marker === 0x01 || isRestart(marker)) continue; // standalone markers carry no length
    if (offset + 2 > bytes.length) return null;
    const length = bytes.readUInt16BE(offset);
    if (length < 2) return null;
    offset += length;
    if (marker !== 0xda) continue;
    for (;;) {
      offset = bytes.indexOf(0xff, offset);
      if (offset < 0) return null;
      const next = bytes[offset + 1];
      if (next === 0x00 || isRestart(next)) offset += 2;
      else break;
    }
  }
  return null;
}

/** Where the image ends (the length of the file without anything appended), or null if it never does. */
export function imageEnd(bytes: Buffer, format: RasterFormat): number | null {
  return format === 'png' ? pngEnd(bytes) : jpegEnd(bytes);
}
