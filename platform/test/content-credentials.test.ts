/**
 * Content credentials on the files we sign: a manifest added last reads back valid and ours with the
 * license as issued, leaves EXIF and XMP as they were, and binds the bytes — an edited or re-encoded copy
 * carrying the manifest is invalid; a manifest under another CA is valid but not ours.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { addContentCredentials, DEFAULT_TITLE, readContentCredentials } from '../src/content-credentials';
import {
  claim,
  FORMATS,
  foreignAuthority,
  makeImage,
  manifestOf,
  ourSigner,
  ourTrust,
  pixelEdited,
  withManifestOf,
} from './content-credentials-fixtures';

const { title: _title, ...license } = claim;
const signer = ourSigner();
const trust = ourTrust();

describe('content credentials: round trip', () => {
  for (const format of FORMATS) {
    it(`a signed ${format.toUpperCase()} reads back valid and ours, with the license as issued`, async () => {
      const image = await makeImage(format);
      expect(await readContentCredentials(image, trust)).toBeNull();

      const signed = await addContentCredentials(image, format, claim, signer);
      expect(signed.length).toBeGreaterThan(image.length);
      expect(await readContentCredentials(signed, trust)).toEqual({
        format,
        valid: true,
        ours: true,
        problems: [],
        signer: {
          commonName: 'Style License Development Content Credentials',
          organization: 'Style License Development',
          issuer: 'Style License Development Content Credentials CA',
        },
        claimGenerator: 'Style License/1.0',
        title: claim.title,
        license,
      });
    });
  }

  for (const format of ['png', 'webp'] as const) {
    it(`keeps the ${format.toUpperCase()}'s EXIF and XMP byte for byte, and its pixels`, async () => {
      const image = await makeImage(format);
      const signed = await addContentCredentials(image, format, claim, signer);
      const [before, after] = await Promise.all([sharp(image).metadata(), sharp(signed).metadata()]);
      expect(after.exif).toEqual(before.exif);
      expect(after.xmp).toEqual(before.xmp);
      expect(after.exif?.length).toBeGreaterThan(0);
      expect(after.xmp?.toString()).toContain(claim.licenseId);
      const [pixelsBefore, pixelsAfter] = await Promise.all([
        sharp(image).raw().toBuffer(),
        sharp(signed).raw().toBuffer(),
      ]);
      expect(pixelsAfter.equals(pixelsBefore)).toBe(true);
    });
  }

  it('titles an unnamed file "Style License image"', async () => {
    const { title: _, ...untitled } = claim;
    const signed = await addContentCredentials(await makeImage('png'), 'png', untitled, signer);
    expect((await readContentCredentials(signed, trust))?.title).toBe(DEFAULT_TITLE);
  });

  it('credentials the same file the same way twice, byte for byte (a signing job may run again)', async () => {
    for (const format of FORMATS) {
      const image = await makeImage(format);
      const [first, second] = [
        await addContentCredentials(image, format, claim, signer),
        await addContentCredentials(image, format, claim, signer),
      ];
      expect(first.equals(second), format).toBe(true);
      const other = await addContentCredentials(
        image,
        format,
        { ...claim, licenseId: crypto.randomUUID() },
        signer,
      );
      expect(other.equals(first), format).toBe(false);
    }
  });

  it('leaves the caller’s buffer untouched', async () => {
    const image = await makeImage('webp');
    const copy = Buffer.from(image);
    await addContentCredentials(image, 'webp', claim, signer);
    expect(image.equals(copy)).toBe(true);
  });
});

describe('content credentials bind the bytes', () => {
  for (const format of FORMATS) {
    it(`a pixel-edited ${format.toUpperCase()} carrying the original manifest is invalid, though ours`, async () => {
      const signed = await addContentCredentials(await makeImage(format), format, claim, signer);
      const forged = await withManifestOf(format, signed, await pixelEdited(format, signed));
      expect(Buffer.from(manifestOf(format, forged)).equals(Buffer.from(manifestOf(format, signed)))).toBe(
        true,
      );

      const reading = await readContentCredentials(forged, trust);
      expect(reading).toMatchObject({ valid: false, ours: true });
      expect(reading?.problems).toContain('assertion.dataHash.mismatch');
      // A license is reported only for the bytes it was issued with.
      expect(reading?.license).toBeUndefined();
    });
  }

  it('a re-encoded copy drops the manifest; with it carried over, the copy is invalid', async () => {
    const signed = await addContentCredentials(await makeImage('png'), 'png', claim, signer);
    const reencoded = await sharp(signed).keepMetadata().png({ compressionLevel: 9 }).toBuffer();
    expect(await readContentCredentials(reencoded, trust)).toBeNull();
    const reading = await readContentCredentials(await withManifestOf('png', signed, reencoded), trust);
    expect(reading).toMatchObject({ valid: false, license: undefined });
  });

  it('one byte changed inside the WebP image data makes it invalid', async () => {
    const signed = await addContentCredentials(await makeImage('webp'), 'webp', claim, signer);
    const tampered = Buffer.from(signed);
    const vp8 = tampered.indexOf('VP8 ', 12, 'latin1');
    tampered[vp8 + 40] = tampered[vp8 + 40]! ^ 0x01;
    expect(await readContentCredentials(tampered, trust)).toMatchObject({ valid: false });
  });
});

describe('content credentials under another CA', () => {
  it('are valid but not ours, naming their signer, with no license of ours', async () => {
    const foreign = await foreignAuthority('Elsewhere Imaging');
    const signed = await addContentCredentials(await makeImage('png'), 'png', claim, foreign.signer);

    const reading = await readContentCredentials(signed, trust);
    expect(reading).toMatchObject({
      valid: true,
      ours: false,
      signer: { organization: 'Elsewhere Imaging', issuer: 'Elsewhere Imaging Content Credentials CA' },
      license: undefined,
    });
    expect(reading?.problems).toEqual([
      'not signed by us: the certificate chain does not lead to a trusted anchor',
    ]);
    // Their own anchor trusts them, and does not trust us.
    expect(await readContentCredentials(signed, foreign.trust)).toMatchObject({ valid: true, ours: true });
    const ours = await addContentCredentials(await makeImage('png'), 'png', claim, signer);
    expect(await readContentCredentials(ours, foreign.trust)).toMatchObject({ valid: true, ours: false });
  });
});

describe('addContentCredentials refuses', () => {
  it('a file that already carries credentials', async () => {
    const signed = await addContentCredentials(await makeImage('png'), 'png', claim, signer);
    await expect(addContentCredentials(signed, 'png', claim, signer)).rejects.toThrow(/already carries/);
  });

  it('bytes of another format than named, and a claim without its fields', async () => {
    await expect(addContentCredentials(await makeImage('png'), 'webp', claim, signer)).rejects.toThrow(
      /not a WEBP file/,
    );
    const { licenseUrl: _, ...partial } = claim;
    await expect(
      addContentCredentials(await makeImage('png'), 'png', partial as typeof claim, signer),
    ).rejects.toThrow();
  });
});
