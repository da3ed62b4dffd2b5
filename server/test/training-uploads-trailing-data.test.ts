/**
 * Data appended after an image's end (a ZIP after PNG's IEND, anything after JPEG's EOI) is cut off:
 * the end is found by walking the format's own structure, so metadata that happens to hold the bytes
 * of an end marker (an EXIF thumbnail is a whole JPEG) does not cut the image short.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectTrainingImage } from '../src/domains/training/image-checks';
import { imageEnd } from '@style-license/platform/images';
import { goodJpeg } from './fixtures/bad-images';

/** Stands in for an appended archive: a local-file header and some content. */
const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 0x41)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const goodPng = () =>
  sharp({ create: { width: 600, height: 600, channels: 3, background: '#4a7' } })
    .png()
    .toBuffer();

/** A JPEG whose APP1 segment carries a complete second JPEG, with its own SOI and EOI, after SOI. */
async function jpegWithEmbeddedThumbnail(): Promise<Buffer> {
  const main = await goodJpeg(600, 600, 5);
  const thumbnail = await goodJpeg(16, 16, 6);
  const payload = Buffer.concat([Buffer.from('Thumb\0', 'latin1'), thumbnail]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([main.subarray(0, 2), header, payload, main.subarray(2)]);
}

describe('the end of an image is found by its structure', () => {
  it('a PNG ends after its IEND chunk', async () => {
    const png = await goodPng();
    expect(imageEnd(png, 'png')).toBe(png.length);
    expect(imageEnd(Buffer.concat([png, zip]), 'png')).toBe(png.length);
    expect(imageEnd(png.subarray(0, png.length - 6), 'png')).toBeNull(); // IEND cut: truncated
  });

  it('a JPEG ends at its EOI marker, baseline or progressive', async () => {
    const baseline = await goodJpeg(600, 600, 3);
    const progressive = await sharp(baseline).jpeg({ progressive: true }).toBuffer();
    for (const jpeg of [baseline, progressive]) {
      expect(imageEnd(jpeg, 'jpeg')).toBe(jpeg.length);
      expect(imageEnd(Buffer.concat([jpeg, zip]), 'jpeg')).toBe(jpeg.length);
      expect(imageEnd(jpeg.subarray(0, jpeg.length / 2), 'jpeg')).toBeNull();
    }
  });

  it('a JPEG whose metadata holds a thumbnail with its own EOI is not cut at the thumbnail', async () => {
    const jpeg = await jpegWithEmbeddedThumbnail();
    expect(imageEnd(Buffer.concat([jpeg, zip]), 'jpeg')).toBe(jpeg.length);
  });
});

describe('a training image with data appended', () => {
  it.each([
    ['PNG', goodPng],
    ['JPEG', () => goodJpeg(640, 640, 9)],
  ])(
    'a %s keeps only the image: the original, its SHA-256 and size leave the appended ZIP out',
    async (_f, make) => {
      const image = await make();
      const inspected = await inspectTrainingImage(Buffer.concat([image, zip]), 'with-zip');
      expect(inspected.original).toEqual(image);
      expect(inspected.original.includes(zip.subarray(0, 4))).toBe(false);
      expect(inspected.sha256).toBe(sha256(image));
    },
  );

  it('a file whose image never ends is refused as truncated, naming the rule', async () => {
    const png = await goodPng();
    await expect(inspectTrainingImage(png.subarray(0, png.length - 12), 'cut.png')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'cut.png', rule: 'decode' }],
    });
  });
});
