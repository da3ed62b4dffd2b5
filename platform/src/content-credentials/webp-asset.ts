/**
 * WebP for c2pa-ts, which reads and writes manifests only in JPEG, PNG, HEIF and MP3: the manifest store
 * sits in a top-level RIFF chunk `C2PA` at the end of the file, where the C2PA specification (and
 * c2pa-rs, which c2pa-python wraps) puts it, and the hash exclusion is that chunk's header and data —
 * exactly the range c2pa-rs excludes, so either implementation validates the other's files.
 * Invariant: every other chunk keeps its bytes and order; only the RIFF size field changes.
 */
import type { Asset } from '@trustnxt/c2pa-ts/asset';

const MANIFEST_CHUNK = 'C2PA';

interface Chunk {
  /** The offset of the chunk's 8-byte header. */
  offset: number;
  fourcc: string;
  /** Data bytes, not counting the header or the pad byte RIFF adds after an odd length. */
  size: number;
}

const paddedEnd = (chunk: Chunk) => chunk.offset + 8 + chunk.size + (chunk.size & 1);

export class WebPAsset implements Asset {
  readonly mimeType = 'image/webp';
  private data: Uint8Array;
  private chunks: Chunk[];

  constructor(data: Uint8Array) {
    if (!WebPAsset.canRead(data)) throw new Error('Not a WebP file');
    this.data = data;
    this.chunks = WebPAsset.readChunks(data);
    if (this.chunks.filter((c) => c.fourcc === MANIFEST_CHUNK).length > 1) {
      // Two stores would let a reader and a validator look at different manifests: refuse the file.
      throw new Error('Malformed WebP (more than one C2PA chunk)');
    }
  }

  static canRead(data: Uint8Array): boolean {
    return data.length >= 12 && ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP';
  }

  /** Every top-level chunk, checked against the buffer and the RIFF size (hostile files throw here). */
  private static readChunks(data: Uint8Array): Chunk[] {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const riffEnd = 8 + view.getUint32(4, true);
    if (riffEnd > data.length) throw new Error('Malformed WebP (RIFF size beyond the end of the file)');
    const chunks: Chunk[] = [];
    for (let offset = 12; offset < riffEnd;) {
      if (offset + 8 > riffEnd) throw new Error('Malformed WebP (truncated chunk header)');
      const chunk = {
        offset,
        fourcc: ascii(data, offset, offset + 4),
        size: view.getUint32(offset + 4, true),
      };
      // A pad byte missing at the very end is tolerated, as libwebp does.
      if (offset + 8 + chunk.size > riffEnd)
        throw new Error(`Malformed WebP (${chunk.fourcc} chunk too long)`);
      chunks.push(chunk);
      offset = paddedEnd(chunk);
    }
    if (chunks.length === 0) throw new Error('Malformed WebP (no chunks)');
    return chunks;
  }

  private get manifestChunk(): Chunk | undefined {
    return this.chunks.find((c) => c.fourcc === MANIFEST_CHUNK);
  }

  getDataLength(): number {
    return this.data.length;
  }

  async getDataRange(start = 0, length?: number): Promise<Uint8Array> {
    return this.data.subarray(start, length === undefined ? undefined : start + length);
  }

  getManifestJUMBF(): Uint8Array | undefined {
    const chunk = this.manifestChunk;
    return chunk && this.data.subarray(chunk.offset + 8, chunk.offset + 8 + chunk.size);
  }

  dumpInfo(): string {
    return ['WebP file:', ...this.chunks.map((c) => `Chunk ${c.fourcc} (data length: ${c.size})`)].join('\n');
  }

  /** Drops any existing C2PA chunk and appends a zeroed one of `length` data bytes at the end. */
  async ensureManifestSpace(length: number): Promise<void> {
    const kept = this.chunks.filter((c) => c.fourcc !== MANIFEST_CHUNK);
    // Each chunk with its pad byte written out, even where a file ended without it.
    const body = kept.flatMap((c) => [
      this.data.subarray(c.offset, c.offset + 8 + c.size),
      Buffer.alloc(c.size & 1),
    ]);
    const manifest = new Uint8Array(8 + length + (length & 1));
    manifest.set(Buffer.from(MANIFEST_CHUNK, 'latin1'));
    new DataView(manifest.buffer).setUint32(4, length, true);
    const out = Buffer.concat([Buffer.alloc(12), ...body, manifest]);
    out.write('RIFF', 0, 'latin1');
    out.writeUInt32LE(out.length - 8, 4);
    out.write('WEBP', 8, 'latin1');
    this.data = new Uint8Array(out.buffer, out.byteOffset, out.length);
    this.chunks = WebPAsset.readChunks(this.data);
  }

  getHashExclusionRange(): { start: number; length: number } {
    const chunk = this.manifestChunk;
    if (!chunk) throw new Error('No manifest storage reserved');
    return { start: chunk.offset, length: 8 + chunk.size };
  }

  async writeManifestJUMBF(jumbf: Uint8Array): Promise<void> {
    const chunk = this.manifestChunk;
    if (!chunk || chunk.size !== jumbf.length) throw new Error('Wrong amount of space in asset');
    this.data.set(jumbf, chunk.offset + 8);
  }
}

function ascii(data: Uint8Array, start: number, end: number): string {
  return Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('latin1');
}
