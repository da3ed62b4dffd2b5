import { mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../src/core/catalog';
import { openLibrary, type Library, type ScanProgress, type ScanReport } from '../src/core/library';
import {
  planTestImages,
  renderTestImage,
  TEST_IMAGE_EXTENSIONS,
  writeTestImages,
} from '../src/core/library/test-images';
import type { CatalogImage } from '../src/core/model';

const IMAGES = 2000;

let root: string;
let catalog: Catalog;
let library: Library;
/** What each generated file is by content. */
const generated = new Map<string, string>();

async function catalogued(): Promise<Map<string, CatalogImage>> {
  const byPath = new Map<string, CatalogImage>();
  for (let cursor: string | undefined; ;) {
    const page = await catalog.query({ limit: 1000, cursor });
    for (const image of page.images) byPath.set(image.path, image);
    if (!page.nextCursor) return byPath;
    cursor = page.nextCursor;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'library-'));
  const started = performance.now();
  const plan = planTestImages({
    count: IMAGES,
    minSide: 64,
    maxSide: 128,
    mix: { jpeg: 4, png: 4, webp: 2 },
  });
  for (let folder = 0; folder < 10; folder++)
    await mkdir(join(root, `set-${folder}`, 'inner'), { recursive: true });
  const paths = await writeTestImages(plan, (image, i) =>
    join(root, `set-${i % 10}`, i % 3 ? '' : 'inner', `${i}${TEST_IMAGE_EXTENSIONS[image.format]}`),
  );
  paths.forEach((path, i) => generated.set(path, plan[i]!.format));

  // By content, whatever the name: mislabelled extensions, no extension, broken files, a text file.
  await mkdir(join(root, 'odd'));
  await mkdir(join(root, '.hidden'));
  const jpeg = await renderTestImage({ format: 'jpeg', width: 120, height: 90, seed: 7 });
  const png = await renderTestImage({ format: 'png', width: 120, height: 90, seed: 8 });
  const webp = await renderTestImage({ format: 'webp', width: 120, height: 90, seed: 9 });
  const rotated = await sharp(jpeg).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const odd: [string, Buffer | string, string | null][] = [
    ['odd/really-a-jpeg.png', jpeg, 'jpeg'],
    ['odd/really-a-png.jpg', png, 'png'],
    ['odd/really-a-webp.jpeg', webp, 'webp'],
    ['odd/no-extension', jpeg, 'jpeg'],
    ['odd/rotated.jpg', rotated, 'jpeg'],
    ['odd/truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'jpeg'],
    ['odd/truncated.png', png.subarray(0, Math.floor(png.length * 0.6)), 'png'],
    ['odd/text.png', 'this is not a picture', null],
    ['odd/notes.txt', 'sky, watercolor', null],
    ['.hidden/secret.png', png, null],
    ['odd/.dotted.png', png, null],
  ];
  for (const [name, content] of odd) await writeFile(join(root, name), content);
  console.log(
    `generated ${IMAGES + odd.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  catalog = await openCatalog();
  library = openLibrary({ catalog, watchDebounceMs: 150 });
});

afterAll(async () => {
  await library?.close();
  await catalog?.close();
  await rm(root, { recursive: true, force: true });
});

describe('library scan of 2,000 generated images', () => {
  let first: ScanReport;
  const progress: ScanProgress[] = [];

  it('finds every image once, with its format by content; hidden entries and non-images stay out', async () => {
    first = await library.addFolder(root, { onProgress: (p) => progress.push(p) });
    console.log(`cold scan: ${first.found} files in ${first.seconds.toFixed(1)} s`);
    const images = await catalogued();
    // 2,000 generated + 8 odd ones named or made as images; notes.txt and the hidden two are not images.
    expect(images.size).toBe(IMAGES + 8);
    expect(first).toMatchObject({
      found: IMAGES + 9,
      read: IMAGES + 9,
      added: IMAGES + 8,
      ignored: 1,
      failed: [],
    });
    for (const [path, format] of generated)
      expect(images.get(path), path).toMatchObject({ format, corrupt: false });
    const at = (name: string) => images.get(join(root, name));
    expect(at('odd/really-a-jpeg.png')).toMatchObject({
      format: 'jpeg',
      corrupt: false,
      width: 120,
      height: 90,
    });
    expect(at('odd/really-a-png.jpg')).toMatchObject({ format: 'png', corrupt: false });
    expect(at('odd/really-a-webp.jpeg')).toMatchObject({ format: 'webp', corrupt: false });
    expect(at('odd/no-extension')).toMatchObject({ format: 'jpeg', corrupt: false });
    expect(at('odd/rotated.jpg')).toMatchObject({ width: 90, height: 120 }); // upright
    expect(at('odd/truncated.jpg')).toMatchObject({ format: 'jpeg', corrupt: true, perceptualHash: null });
    expect(at('odd/truncated.png')).toMatchObject({ format: 'png', corrupt: true, perceptualHash: null });
    expect(at('odd/text.png')).toMatchObject({ format: null, corrupt: true, width: null, height: null });
    for (const hidden of ['odd/notes.txt', '.hidden/secret.png', 'odd/.dotted.png'])
      expect(at(hidden)).toBeUndefined();
    const sample = at('odd/really-a-jpeg.png')!;
    expect(sample.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
    expect(sample.sha256).toBe(
      (await import('node:crypto'))
        .createHash('sha256')
        .update(await readFile(sample.path))
        .digest('hex'),
    );
    expect(await catalog.count({ problems: ['corrupt'] })).toBe(3);
    expect(progress.at(-1)).toEqual({ folder: root, found: IMAGES + 9, processed: IMAGES + 9 });
  });

  it('a warm rescan opens no file', async () => {
    const before = library.filesRead;
    const warm = await library.rescan(root);
    console.log(`warm rescan: ${warm.found} files in ${warm.seconds.toFixed(2)} s`);
    expect(warm).toMatchObject({
      found: IMAGES + 9,
      read: 0,
      unchanged: IMAGES + 9,
      added: 0,
      updated: 0,
      removed: 0,
    });
    expect(library.filesRead).toBe(before);
    expect((await catalogued()).size).toBe(IMAGES + 8);
  });

  it('a changed file is read again and keeps its id, tags and rating; only it is read', async () => {
    const path = [...generated.keys()][5]!;
    const image = (await catalogued()).get(path);
    await catalog.setTags([{ imageId: image!.id, tags: ['sky', 'ink'] }]);
    await catalog.setRating([image!.id], 4);
    await writeFile(path, await renderTestImage({ format: 'png', width: 100, height: 50, seed: 99 }));
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const report = await library.rescan(root);
    expect(report).toMatchObject({ read: 1, updated: 1, added: 0, removed: 0 });
    const [after] = await catalog.get([image!.id]);
    expect(after).toMatchObject({
      path,
      format: 'png',
      width: 100,
      height: 50,
      tags: ['sky', 'ink'],
      rating: 4,
    });
    expect(after!.sha256).not.toBe(image!.sha256);
  });

  it('a moved file keeps its id; a deleted file leaves the catalog', async () => {
    const [movedPath, deletedPath] = [...generated.keys()].slice(10, 12) as [string, string];
    const images = await catalogued();
    const moved = images.get(movedPath)!;
    const deleted = images.get(deletedPath)!;
    await rename(movedPath, join(root, 'odd', 'renamed.jpg'));
    await rm(deletedPath);
    const report = await library.rescan(root);
    expect(report).toMatchObject({ read: 1, moved: 1, removed: 1, added: 0 });
    expect((await catalog.get([moved.id]))[0]?.path).toBe(join(root, 'odd', 'renamed.jpg'));
    expect(await catalog.get([deleted.id])).toEqual([]);
  });

  it('a watched folder picks up an added file by itself', async () => {
    const reports: ScanReport[] = [];
    const watch = await library.watch(root, (report) => reports.push(report));
    try {
      const added = join(root, 'set-3', 'inner', 'dropped-in.webp');
      await writeFile(added, await renderTestImage({ format: 'webp', width: 80, height: 80, seed: 1234 }));
      for (let waited = 0; waited < 15_000 && !reports.some((r) => r.added > 0); waited += 50)
        await sleep(50);
      expect(reports.find((r) => r.added > 0)).toMatchObject({ added: 1, read: 1 });
      expect((await catalogued()).get(added)).toMatchObject({ format: 'webp', width: 80, height: 80 });
    } finally {
      await watch.stop();
    }
  });

  it('folders: refused when missing, not a folder, relative or inside a library folder; removal takes the images', async () => {
    await expect(library.addFolder(join(root, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(library.addFolder(join(root, 'odd', 'notes.txt'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(library.addFolder('odd')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(library.addFolder(join(root, 'odd'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(library.rescan(join(root, 'odd'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { removed } = await library.removeFolder(root);
    expect(removed).toBe(IMAGES + 8);
    expect(await catalog.count()).toBe(0);
  });
});
