/**
 * The license metadata in signed files: EXIF and XMP name the artist, the license and its URL in both the
 * PNG and the WebP preview, no user-supplied name can break the XMP packet, and both files' metadata is
 * well-formed for their format (checked byte by byte, and by exiftool -validate where it is installed);
 * a style sample carries the artist and style but says it is not licensed, naming no license.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LICENSE_TERMS_V1, SAMPLE_TERMS_V1 } from '@style-license/shared';
import { makeArtwork } from '../src/testing';
import { signGeneratedImage, signSampleImage, type LicenseMetadata } from '../src/signing';
import { withBareWebpExif } from '../src/signing/webp-exif';

/** A normalised signature as the server stores it: RGBA PNG, 160 px high, transparent background. */
const drawSignature = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160"><path d="M10 120 C 40 10, 80 10, 90 100 ' +
        'S 140 150, 170 60 S 230 20, 250 110 L 300 40 L 330 120 C 360 60, 400 60, 470 90" fill="none" ' +
        'stroke="#1a1a2e" stroke-width="14" stroke-linecap="round"/></svg>',
    ),
  )
    .ensureAlpha()
    .png()
    .toBuffer();

const flat = (width: number, height: number, colour: string) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();

const meta: LicenseMetadata = {
  artistName: 'Jane Doe',
  styleName: 'Morning Wash',
  licenseId: '7d1f0a4e-2f7b-4a53-9d0c-0e3c9a6b1f11',
  licenseUrl: 'https://style-license.test/licenses/7d1f0a4e-2f7b-4a53-9d0c-0e3c9a6b1f11',
  year: 2025,
};

describe('license metadata', () => {
  it('the PNG and the WebP preview name the artist, the license and its URL in EXIF and XMP', async () => {
    const signed = await signGeneratedImage({
      image: await makeArtwork('neon', 0, { size: 512 }),
      signature: await drawSignature(),
      meta,
    });
    expect(signed.sha256).toBe(createHash('sha256').update(signed.png).digest('hex'));
    for (const file of [signed.png, signed.webp]) {
      const read = await sharp(file).metadata();
      const exif = read.exif!.toString('latin1');
      expect(exif).toContain('Jane Doe'); // Artist
      expect(exif).toContain('(C) 2025 Jane Doe'); // Copyright ("©" is ASCII in EXIF)
      expect(exif).toContain(meta.licenseId); // in Copyright and ImageDescription
      expect(exif).toContain('Morning Wash');
      const xmp = read.xmp!.toString('utf8');
      expect(xmp).toContain('<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>');
      expect(xmp).toContain('© 2025 Jane Doe');
      expect(xmp).toContain(`<xmpRights:WebStatement>${meta.licenseUrl}</xmpRights:WebStatement>`);
      expect(xmp).toContain(`<stylelicense:LicenseId>${meta.licenseId}</stylelicense:LicenseId>`);
      expect(xmp).toContain(LICENSE_TERMS_V1.replace(/'/g, '&apos;'));
    }
  });

  it('names that look like markup are escaped, control characters dropped, and Unicode kept in XMP', async () => {
    const signed = await signGeneratedImage({
      image: await flat(256, 256, '#808080'),
      signature: await drawSignature(),
      meta: { ...meta, artistName: 'Zoë </rdf:li> & "Co"\n', styleName: 'A<b>' },
    });
    const read = await sharp(signed.png).metadata();
    const xmp = read.xmp!.toString('utf8');
    expect(xmp).toContain('<rdf:li>Zoë &lt;/rdf:li&gt; &amp; &quot;Co&quot;</rdf:li>');
    expect(xmp).toContain('A&lt;b&gt;');
    expect(xmp).not.toContain('A<b>');
    expect(read.exif!.toString('latin1')).toContain('Zoe </rdf:li> & "Co"');
  });

  it('the WebP preview decodes to the same size as the PNG', async () => {
    const signed = await signGeneratedImage({
      image: await makeArtwork('pastel', 1, { width: 640, height: 480 }),
      signature: await drawSignature(),
      meta,
    });
    const preview = await sharp(signed.webp).raw().toBuffer({ resolveWithObject: true });
    expect(preview.info).toMatchObject({ width: 640, height: 480 });
    expect((await sharp(signed.png).metadata()).format).toBe('png');
  });
});

/** The chunks of a RIFF/WebP file as the bytes lay them out, refusing any size that does not add up. */
function riffChunks(webp: Buffer): { fourcc: string; data: Buffer }[] {
  expect(webp.toString('latin1', 0, 4)).toBe('RIFF');
  expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
  expect(webp.toString('latin1', 8, 12)).toBe('WEBP');
  const chunks: { fourcc: string; data: Buffer }[] = [];
  let offset = 12;
  while (offset < webp.length) {
    const size = webp.readUInt32LE(offset + 4);
    expect(offset + 8 + size).toBeLessThanOrEqual(webp.length);
    chunks.push({
      fourcc: webp.toString('latin1', offset, offset + 4),
      data: webp.subarray(offset + 8, offset + 8 + size),
    });
    offset += 8 + size + (size & 1);
  }
  expect(offset).toBe(webp.length);
  return chunks;
}

const TIFF_HEADERS = ['II*\0', 'MM\0*'];
const exiftoolInstalled = spawnSync('exiftool', ['-ver'], { encoding: 'utf8' }).status === 0;

describe('metadata well-formed for each format', () => {
  const signed = async () =>
    signGeneratedImage({
      image: await makeArtwork('neon', 2, { size: 256 }),
      signature: await drawSignature(),
      meta,
    });

  it('the WebP preview\'s EXIF chunk starts with the TIFF header, without the JPEG "Exif\\0\\0" prefix', async () => {
    const { webp } = await signed();
    const chunks = riffChunks(webp);
    expect(chunks.map((c) => c.fourcc)).toEqual(['VP8X', 'VP8 ', 'EXIF', 'XMP ']);
    const exif = chunks.find((c) => c.fourcc === 'EXIF')!.data;
    expect(TIFF_HEADERS).toContain(exif.toString('latin1', 0, 4));
    expect(exif.toString('latin1')).toContain(meta.licenseId);
    // Readers still find it: sharp's own reader sees the artist in the rewritten chunk.
    expect((await sharp(webp).metadata()).exif!.toString('latin1')).toContain('Jane Doe');
  });

  it('rewriting leaves every other chunk byte for byte, and a WebP without the prefix unchanged', async () => {
    const webp = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
      .withExif({ IFD0: { Artist: 'Odd Length' } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
      .webp()
      .toBuffer();
    const before = riffChunks(webp);
    const rewritten = withBareWebpExif(webp);
    const after = riffChunks(rewritten);
    expect(after.map((c) => c.fourcc)).toEqual(before.map((c) => c.fourcc));
    for (const [i, chunk] of after.entries()) {
      const original = before[i]!.data;
      expect(chunk.data).toEqual(chunk.fourcc === 'EXIF' ? original.subarray(6) : original);
    }
    expect(withBareWebpExif(rewritten)).toBe(rewritten);
  });

  it.skipIf(!exiftoolInstalled)(
    'exiftool -validate reports no warning for the signed PNG or WebP',
    async () => {
      const { png, webp } = await signed();
      const dir = mkdtempSync(join(tmpdir(), 'signed-metadata-'));
      try {
        const files = [join(dir, 'signed.png'), join(dir, 'preview.webp')];
        writeFileSync(files[0]!, png);
        writeFileSync(files[1]!, webp);
        const run = spawnSync('exiftool', ['-j', '-validate', '-warning', '-error', '-a', ...files], {
          encoding: 'utf8',
        });
        const reports = JSON.parse(run.stdout) as Record<string, unknown>[];
        expect(reports.map(({ SourceFile: _file, ...rest }) => rest)).toEqual([
          { Validate: 'OK' },
          { Validate: 'OK' },
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('style sample metadata', () => {
  const sample = async (artistName = meta.artistName) =>
    signSampleImage({
      image: await makeArtwork('ember', 1, { size: 512 }),
      signature: await drawSignature(),
      meta: { artistName, styleName: meta.styleName, year: meta.year },
    });

  it('a sample names the artist and style and says it is not licensed, with no license id, URL or terms', async () => {
    const { webp } = await sample();
    const read = await sharp(webp).metadata();
    expect([read.format, read.width, read.height]).toEqual(['webp', 512, 512]);
    const exif = read.exif!.toString('latin1');
    expect(exif).toContain('Jane Doe');
    expect(exif).toContain('(C) 2025 Jane Doe. Style sample, not licensed for use.');
    expect(exif).toContain('Morning Wash');
    const xmp = read.xmp!.toString('utf8');
    expect(xmp).toContain('<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>');
    expect(xmp).toContain('<xmpRights:Marked>True</xmpRights:Marked>');
    expect(xmp).toContain('<stylelicense:Sample>True</stylelicense:Sample>');
    expect(xmp).toContain(SAMPLE_TERMS_V1.replace(/'/g, '&apos;'));
    for (const licensed of ['LicenseId', 'WebStatement', 'Style License v1', LICENSE_TERMS_V1.slice(0, 40)])
      expect(exif + xmp).not.toContain(licensed);
  });

  it('names in a sample are escaped like a bought image’s', async () => {
    const xmp = (await sharp((await sample('Zoë </rdf:li> & "Co"\n')).webp).metadata()).xmp!.toString('utf8');
    expect(xmp).toContain('<rdf:li>Zoë &lt;/rdf:li&gt; &amp; &quot;Co&quot;</rdf:li>');
  });

  it.skipIf(!exiftoolInstalled)('exiftool -validate reports no warning for a signed sample', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signed-sample-'));
    try {
      const file = join(dir, 'sample.webp');
      writeFileSync(file, (await sample()).webp);
      const run = spawnSync('exiftool', ['-j', '-validate', '-warning', '-error', '-a', file], {
        encoding: 'utf8',
      });
      const [report] = JSON.parse(run.stdout) as Record<string, unknown>[];
      expect(report).toEqual({ SourceFile: file, Validate: 'OK' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
