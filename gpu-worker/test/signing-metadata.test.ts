/**
 * The license metadata in signed files: EXIF and XMP name the artist, the license and its URL in both the
 * PNG and the WebP preview, and no user-supplied name can break the XMP packet.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LICENSE_TERMS_V1 } from '@style-license/shared';
import { makeArtwork } from '../src/testing';
import { signGeneratedImage, type LicenseMetadata } from '../src/signing';

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
