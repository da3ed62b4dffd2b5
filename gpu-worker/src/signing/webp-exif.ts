/**
 * WebP's EXIF chunk holds the TIFF structure itself ("II*\0" or "MM\0*"); only JPEG's APP1 segment starts
 * with "Exif\0\0". libvips writes the APP1 form into WebP too, which exiftool -validate reports as an
 * "Improper EXIF header" and strict readers may skip. This rewrites that one chunk; every other byte stays.
 */
const APP1_EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(fourcc, 0, 'latin1');
  header.writeUInt32LE(data.length, 4);
  // RIFF chunks are padded to an even length; the pad byte is not counted in the size.
  return Buffer.concat([header, data, Buffer.alloc(data.length & 1)]);
}

/** The WebP with its EXIF chunk's APP1 header removed (the same buffer when there is none to remove). */
export function withBareWebpExif(webp: Buffer): Buffer {
  if (webp.toString('latin1', 0, 4) !== 'RIFF' || webp.toString('latin1', 8, 12) !== 'WEBP') {
    throw new Error('not a WebP file');
  }
  const chunks: Buffer[] = [];
  let rewritten = false;
  for (let offset = 12; offset < webp.length;) {
    if (offset + 8 > webp.length) throw new Error('truncated WebP chunk header');
    const fourcc = webp.toString('latin1', offset, offset + 4);
    const size = webp.readUInt32LE(offset + 4);
    const dataEnd = offset + 8 + size;
    if (dataEnd > webp.length) throw new Error(`truncated WebP ${fourcc} chunk`);
    const data = webp.subarray(offset + 8, dataEnd);
    if (fourcc === 'EXIF' && data.subarray(0, APP1_EXIF_HEADER.length).equals(APP1_EXIF_HEADER)) {
      chunks.push(riffChunk(fourcc, data.subarray(APP1_EXIF_HEADER.length)));
      rewritten = true;
    } else {
      chunks.push(riffChunk(fourcc, data));
    }
    offset = dataEnd + (size & 1);
  }
  if (!rewritten) return webp;
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4); // the size counts "WEBP" and the chunks
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}
