// Checks before upload: each platform rule flagged with its fixes, and each fix returning what to change
// (un-picks, upload copies in the cache) without touching the artist's files or writing the catalog.
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, createRandom } from '@style-license/shared';
import { sniffRasterFormat } from '@style-license/platform/images';
import { checkSelection, fixProblem, UPLOAD_RULES, type Problem } from '../src/core/checks';
import type { CatalogImage } from '../src/core/model';
import { catalogRecordFor, makeArtwork, sha256Hex } from './checks-fixtures';

let dir: string;
let cacheDir: string;
let clean: CatalogImage[];
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'checks-'));
  cacheDir = await mkdtemp(join(tmpdir(), 'checks-cache-'));
  clean = await Promise.all(
    Array.from({ length: 12 }, async (_, i) => {
      const path = file(`clean-${i}.${i % 2 ? 'png' : 'jpg'}`);
      const art = await makeArtwork(100 + i, 600, 640);
      await (i % 2 ? art.png() : art.jpeg({ quality: 90 })).toFile(path);
      return catalogRecordFor(path, { id: `clean-${i}`, rating: i % 6 });
    }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

const only = (problems: Problem[], code: Problem['code']) => problems.filter((p) => p.code === code);

/** Random distinct records (no files) for count rules: hashes far apart, sizes within the rules. */
function syntheticRecords(count: number, seed = 1): CatalogImage[] {
  const random = createRandom(seed);
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  return Array.from({ length: count }, (_, i) => ({
    ...clean[0]!,
    id: `synthetic-${i}`,
    path: `/library/synthetic-${i}.png`,
    sha256: hex(64),
    perceptualHash: hex(16),
    rating: i % 6,
  }));
}

describe('checkSelection', () => {
  it('passes a selection that keeps every rule', () => {
    const report = checkSelection({ images: clean });
    expect(report.problems).toEqual([]);
    expect(report.summary).toEqual({
      canUpload: true,
      selected: 12,
      clean: 12,
      errors: 0,
      warnings: 0,
      byCode: {},
    });
  });

  it('flags a WebP by content (whatever its name) and offers a converted copy or leaving it out', async () => {
    const path = file('looks-like-a.png');
    await (await makeArtwork(7, 700, 700)).webp({ quality: 85 }).toFile(path);
    const webp = await catalogRecordFor(path, { id: 'webp' });
    const report = checkSelection({ images: [...clean, webp] });
    expect(report.problems).toEqual([
      {
        code: 'unsupported_format',
        severity: 'error',
        imageIds: ['webp'],
        fixes: ['convert_for_upload', 'leave_out'],
        details: { format: 'webp', width: 700, height: 700 },
      },
    ]);
    expect(report.summary).toMatchObject({
      canUpload: false,
      clean: 12,
      byCode: { unsupported_format: { problems: 1, images: 1 } },
    });
  });

  it('flags images under 512 px on either side, truncated files and files that are not images', async () => {
    await (await makeArtwork(8, 511, 900)).png().toFile(file('narrow.png'));
    const whole = await (await makeArtwork(9, 600, 600)).jpeg().toBuffer();
    await writeFile(file('truncated.jpg'), whole.subarray(0, Math.floor(whole.length / 2)));
    await writeFile(file('notes.jpg'), 'not a picture at all');
    const narrow = await catalogRecordFor(file('narrow.png'), { id: 'narrow' });
    const truncated = await catalogRecordFor(file('truncated.jpg'), { id: 'truncated' });
    const notes = await catalogRecordFor(file('notes.jpg'), { id: 'notes' });
    expect([truncated.corrupt, notes.corrupt, notes.format]).toEqual([true, true, null]);

    const report = checkSelection({ images: [...clean, narrow, truncated, notes] });
    expect(report.problems.map((p) => [p.code, p.imageIds, p.fixes])).toEqual([
      ['corrupt', ['truncated'], ['leave_out']],
      ['corrupt', ['notes'], ['leave_out']],
      ['too_small', ['narrow'], ['leave_out']],
    ]);
    expect(only(report.problems, 'too_small')[0]!.details).toEqual({ width: 511, height: 900, minSide: 512 });
    expect(report.summary).toMatchObject({ canUpload: false, selected: 15, clean: 12, errors: 3 });
  });

  it('flags files over 20 MB and images over 40 megapixels, offering a smaller copy', () => {
    const big = { ...clean[0]!, id: 'heavy', byteSize: UPLOAD_RULES.maxBytes + 1 };
    const huge = { ...clean[1]!, id: 'huge', width: 8000, height: 5001 };
    const report = checkSelection({ images: [...clean.slice(2), big, huge] });
    expect(report.problems.map((p) => [p.code, p.imageIds, p.fixes])).toEqual([
      ['file_too_large', ['heavy'], ['shrink_for_upload', 'leave_out']],
      ['too_many_pixels', ['huge'], ['shrink_for_upload', 'leave_out']],
    ]);
  });

  it('counts the selection, with what the style already holds, against 10–100', () => {
    const nine = checkSelection({ images: clean.slice(0, 9) });
    expect(nine.problems).toEqual([
      {
        code: 'too_few_images',
        severity: 'error',
        imageIds: [],
        fixes: [],
        details: { count: 9, min: 10, alreadyInStyle: 0 },
      },
    ]);
    expect(checkSelection({ images: clean.slice(0, 9), alreadyInStyle: 1 }).summary.canUpload).toBe(true);
    expect(checkSelection({ images: syntheticRecords(100) }).summary.canUpload).toBe(true);
    const tooMany = checkSelection({ images: syntheticRecords(101) });
    expect(tooMany.problems.map((p) => [p.code, p.imageIds.length, p.fixes, p.details])).toEqual([
      ['too_many_images', 101, ['keep_best_rated'], { count: 101, max: 100, alreadyInStyle: 0, keep: 100 }],
    ]);
    // A count problem blocks the upload but does not make every image unclean.
    expect(tooMany.summary).toMatchObject({ canUpload: false, clean: 101 });
  });

  it('flags identical files as an error and leaves them out of the near-duplicate warnings', async () => {
    await copyFile(clean[3]!.path, file('copy-of-3.jpg'));
    const copy = await catalogRecordFor(file('copy-of-3.jpg'), { id: 'copy' });
    const report = checkSelection({ images: [...clean, copy] });
    expect(report.problems.map((p) => [p.code, p.severity, p.imageIds])).toEqual([
      ['identical_files', 'error', ['clean-3', 'copy']],
    ]);
  });

  it('refuses malformed input with VALIDATION_FAILED', () => {
    const bad = [
      { images: [{ ...clean[0]!, path: 'relative/path.png' }] },
      { images: [{ ...clean[0]!, perceptualHash: 'xyz' }] },
      { images: [clean[0]!, clean[0]!] },
      { images: clean, alreadyInStyle: -1 },
      { images: 'everything' },
    ];
    for (const input of bad) {
      expect(() => checkSelection(input as never)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }) as unknown as Error,
      );
    }
  });
});

describe('fixProblem', () => {
  it('leave_out un-picks the images concerned and writes nothing', async () => {
    const small = { ...clean[0]!, id: 'small', width: 300 };
    const [problem] = checkSelection({ images: [small, ...clean.slice(1)] }).problems;
    const result = await fixProblem({ problem: problem!, action: 'leave_out', images: [small] });
    expect(result).toEqual({ unpick: ['small'], uploadCopies: [] });
  });

  it('keep_largest keeps the most pixels, then a format that uploads as is, and un-picks the rest', async () => {
    const art = await makeArtwork(42, 1024, 1024);
    await art.clone().resize(512).png().toFile(file('dup-512.png'));
    await art.clone().webp().toFile(file('dup-1024.webp'));
    await art.clone().jpeg({ quality: 80 }).toFile(file('dup-1024.jpg'));
    const group = await Promise.all(
      ['dup-512.png', 'dup-1024.webp', 'dup-1024.jpg'].map((name) =>
        catalogRecordFor(file(name), { id: name }),
      ),
    );
    const [problem] = only(checkSelection({ images: [...clean, ...group] }).problems, 'near_duplicates');
    expect(problem).toMatchObject({
      severity: 'warning',
      imageIds: ['dup-512.png', 'dup-1024.webp', 'dup-1024.jpg'],
    });
    const result = await fixProblem({ problem: problem!, action: 'keep_largest', images: group });
    expect(result.unpick).toEqual(['dup-512.png', 'dup-1024.webp']);
  });

  it('keep_best_rated keeps the best-rated 100 and un-picks the rest', async () => {
    const images = syntheticRecords(103);
    const [problem] = checkSelection({ images }).problems;
    const { unpick } = await fixProblem({ problem: problem!, action: 'keep_best_rated', images });
    // Ratings cycle 0..5: the three lowest-rated (rating 0) at the end of the selection go first.
    expect(unpick).toEqual(['synthetic-90', 'synthetic-96', 'synthetic-102']);
  });

  it('convert_for_upload makes a PNG copy in the cache, once, and never touches the WebP', async () => {
    const path = file('painting.webp');
    await (await makeArtwork(11, 800, 600)).webp({ quality: 90 }).toFile(path);
    const webp = await catalogRecordFor(path, { id: 'painting' });
    const before = { bytes: await readFile(path), mtimeMs: (await stat(path)).mtimeMs };
    const [problem] = checkSelection({ images: [...clean, webp] }).problems;

    const first = await fixProblem({
      problem: problem!,
      action: 'convert_for_upload',
      images: [webp],
      cacheDir,
    });
    const [copy] = first.uploadCopies;
    expect(first.unpick).toEqual([]);
    expect(copy).toMatchObject({ imageId: 'painting', format: 'png', width: 800, height: 600 });
    expect(copy!.path.startsWith(cacheDir)).toBe(true);
    const written = await readFile(copy!.path);
    expect([sniffRasterFormat(written), sha256Hex(written), written.length]).toEqual([
      'png',
      copy!.sha256,
      copy!.byteSize,
    ]);
    expect(await readFile(path)).toEqual(before.bytes);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);

    const writtenAt = (await stat(copy!.path)).mtimeMs;
    const again = await fixProblem({
      problem: problem!,
      action: 'convert_for_upload',
      images: [webp],
      cacheDir,
    });
    expect(again).toEqual(first);
    expect((await stat(copy!.path)).mtimeMs).toBe(writtenAt);
  });

  it('refuses to convert a file changed since it was catalogued (CONFLICT) and writes no copy', async () => {
    const path = file('changing.webp');
    await (await makeArtwork(12, 600, 600)).webp().toFile(path);
    const stale = await catalogRecordFor(path, { id: 'changing' });
    await (await makeArtwork(13, 600, 600)).webp().toFile(path);
    const [problem] = checkSelection({ images: [...clean, stale] }).problems;
    const copies = await readdir(join(cacheDir, 'upload-copies')).catch(() => []);
    await expect(
      fixProblem({ problem: problem!, action: 'convert_for_upload', images: [stale], cacheDir }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [{ rule: 'changed' }],
    });
    expect(await readdir(join(cacheDir, 'upload-copies')).catch(() => [])).toEqual(copies);
  });

  it('shrink_for_upload brings a 42-megapixel image within 40 MP and a 24 MB file within 20 MB', async () => {
    // A light-to-dark ramp (every dHash bit set) and noise (its tiny cell differences round to equal,
    // almost no bit set): far apart. A flat colour beside the noise used to be a near-duplicate of it.
    await sharp(Buffer.from([255, 255, 255, 0, 0, 0]), { raw: { width: 2, height: 1, channels: 3 } })
      .resize(6500, 6500, { fit: 'fill', kernel: 'linear' })
      .png()
      .toFile(file('huge.png'));
    // Seeded noise, incompressible: a 24 MB PNG the same on every run.
    const random = createRandom(2800);
    const noisy = Buffer.alloc(2800 * 2800 * 3);
    for (let i = 0; i < noisy.length; i++) noisy[i] = Math.floor(random() * 256);
    await sharp(noisy, { raw: { width: 2800, height: 2800, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toFile(file('heavy.png'));
    const huge = await catalogRecordFor(file('huge.png'), { id: 'huge' });
    const heavy = await catalogRecordFor(file('heavy.png'), { id: 'heavy' });
    const problems = checkSelection({ images: [...clean, huge, heavy] }).problems;
    expect(problems.map((p) => p.code)).toEqual(['file_too_large', 'too_many_pixels']);

    for (const problem of problems) {
      const images = [problem.code === 'too_many_pixels' ? huge : heavy];
      const { uploadCopies } = await fixProblem({ problem, action: 'shrink_for_upload', images, cacheDir });
      const [copy] = uploadCopies;
      const meta = await sharp(copy!.path).metadata();
      expect(meta.width * meta.height).toBeLessThanOrEqual(UPLOAD_RULES.maxPixels);
      expect(Math.min(meta.width, meta.height)).toBeGreaterThanOrEqual(UPLOAD_RULES.minSide);
      expect((await stat(copy!.path)).size).toBeLessThanOrEqual(UPLOAD_RULES.maxBytes);
      // Shrinks only as far as the rules need: the heavy file keeps its pixels as a JPEG.
      if (problem.code === 'file_too_large') expect([copy!.format, meta.width]).toEqual(['jpeg', 2800]);
      else expect([copy!.format, meta.width]).toEqual(['png', 6324]);
    }
  }, 60_000);

  it('refuses a fix the problem does not offer, other images than it names, or no cache folder', async () => {
    const small = { ...clean[0]!, id: 'small', width: 300 };
    const [problem] = checkSelection({ images: [small, ...clean.slice(1)] }).problems;
    const forged = { ...problem!, fixes: [...problem!.fixes, 'convert_for_upload' as const] };
    const refused = [
      { problem: problem!, action: 'keep_largest', images: [small] },
      { problem: forged, action: 'convert_for_upload', images: [small], cacheDir },
      { problem: problem!, action: 'leave_out', images: [small, clean[1]!] },
      { problem: problem!, action: 'leave_out', images: [] },
      {
        problem: { ...problem!, code: 'unsupported_format' as const, fixes: ['convert_for_upload' as const] },
        action: 'convert_for_upload',
        images: [small],
      },
    ];
    for (const input of refused) {
      const error = await fixProblem(input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('VALIDATION_FAILED');
    }
  });
});
