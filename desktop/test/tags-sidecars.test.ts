import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTagEditor,
  exportSidecars,
  importSidecars,
  MAX_IMAGE_TAGS,
  sidecarPathOf,
} from '../src/core/tags';
import { MemoryTagStore } from './memory-tag-store';

const FORMATS = ['png', 'jpeg', 'webp'] as const;
const VOCABULARY = [
  'watercolor',
  'portrait',
  '수채화',
  '인물',
  'blue sky',
  'ink wash',
  'ｆｕｌｌ width',
  'night',
];

/** A 64-px image of noise over a palette of its own, in one of the library's formats. */
async function writeImage(path: string, index: number): Promise<void> {
  const pixels = Buffer.alloc(64 * 64 * 3);
  let seed = index * 2654435761;
  for (let i = 0; i < pixels.length; i += 1) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    pixels[i] = ((seed >>> 16) & 0x7f) + ((index * 37 * ((i % 3) + 1)) % 128);
  }
  const format = FORMATS[index % FORMATS.length] ?? 'png';
  await sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } })
    .toFormat(format)
    .toFile(path);
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('caption sidecars', () => {
  let dir: string;
  let images: { id: string; path: string }[];
  let store: MemoryTagStore;
  let editor: ReturnType<typeof createTagEditor>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'studio-sidecars-'));
    await mkdir(join(dir, 'sub', 'deeper'), { recursive: true });
    images = [];
    for (let i = 0; i < 60; i += 1) {
      const folder = [dir, join(dir, 'sub'), join(dir, 'sub', 'deeper')][i % 3] ?? dir;
      const ext = { png: 'png', jpeg: 'jpg', webp: 'webp' }[FORMATS[i % 3] ?? 'png'];
      const path = join(folder, `work ${i}.${ext}`);
      await writeImage(path, i);
      images.push({ id: `img-${i}`, path });
    }
    store = new MemoryTagStore(
      images.map(({ id }, i) => [
        id,
        // Every fifth image untagged; the others a rotating slice of the vocabulary, Korean included.
        i % 5 === 0 ? [] : VOCABULARY.slice(i % 4, (i % 4) + 1 + (i % 5)).map((t) => t.normalize('NFKC')),
      ]),
    );
    editor = createTagEditor({ store, imagesWithTag: (tag) => store.imagesWithTag(tag) });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips: export, wipe, import gives the same tags, without touching an image byte', async () => {
    const hashes = await Promise.all(images.map((image) => sha256(image.path)));
    const original = store.snapshot();

    const exported = await exportSidecars(store, { images });
    expect(exported.written).toHaveLength(48);
    expect(exported.untagged).toHaveLength(12);
    expect(exported).toMatchObject({ kept: [], conflicts: [], notCaptions: [], failed: [] });
    const tagged = images[1];
    expect(await readFile(sidecarPathOf(tagged?.path ?? ''), 'utf8')).toBe(original.get('img-1')?.join(', '));
    // No temp file left behind; only the sidecars were added.
    expect((await allFiles(dir)).length).toBe(60 + 48);

    await store.setTags(images.map(({ id }) => ({ imageId: id, tags: [] })));
    const imported = await importSidecars(editor, { images });
    expect(imported.read).toBe(48);
    expect(imported.missing).toHaveLength(12);
    expect(imported).toMatchObject({ unreadable: [], refused: [] });
    expect(imported.step).toEqual({ label: { kind: 'import', source: 'sidecars' }, imageCount: 48 });
    expect(store.snapshot()).toEqual(original);
    expect(await Promise.all(images.map((image) => sha256(image.path)))).toEqual(hashes);

    // One undo step: back to the wiped state and forward again.
    await editor.undo();
    expect([...store.snapshot().values()].every((list) => list.length === 0)).toBe(true);
    await editor.redo();
    expect(store.snapshot()).toEqual(original);
  });

  it('reads UTF-8 with or without a byte-order mark, and commas or line breaks as separators', async () => {
    const [a, b] = images;
    await writeFile(sidecarPathOf(a?.path ?? ''), '\uFEFFWatercolor, 수채화\r\nblue sky\n\n, ,ink wash,');
    await writeFile(sidecarPathOf(b?.path ?? ''), '수채화'.normalize('NFD') + ',Watercolor, watercolor');
    const report = await importSidecars(editor, { images: images.slice(0, 2) });
    expect(report.refused).toEqual([]);
    expect(store.snapshot().get('img-0')).toEqual(['watercolor', '수채화', 'blue sky', 'ink wash']);
    expect(store.snapshot().get('img-1')).toEqual(['수채화', 'watercolor']);
  });

  it('reports tags the schema refuses, keeps the rest, and reports images with no sidecar', async () => {
    const [a, b] = images;
    const sidecar = sidecarPathOf(a?.path ?? '');
    await writeFile(sidecar, `good, <script>, water\u200Bcolor, ${'x'.repeat(40)}, 수채화`);
    const report = await importSidecars(editor, { images: [a, b].filter((x) => x !== undefined) });
    expect(store.snapshot().get('img-0')).toEqual(['good', '수채화']);
    expect(report.refused.map((r) => [r.sidecar, r.tag, r.rule])).toEqual([
      [sidecar, '<script>', 'custom'],
      [sidecar, 'water\u200Bcolor', 'invisible_characters'],
      [sidecar, 'x'.repeat(40), 'too_big'],
    ]);
    expect(report.missing).toEqual([b?.path]);
    // The image without a sidecar kept its tags.
    expect(store.snapshot().get('img-1')).toEqual(VOCABULARY.slice(1, 3));
  });

  it('reports sidecars that are not UTF-8 text of a caption’s size instead of guessing', async () => {
    const [a, b, c] = images;
    // 수채화 in EUC-KR, as an old Windows tool might have saved it.
    await writeFile(sidecarPathOf(a?.path ?? ''), Buffer.from([0xbc, 0xf6, 0xc3, 0xa4, 0xc8, 0xad]));
    await writeFile(sidecarPathOf(b?.path ?? ''), 'tag, '.repeat(20_000));
    await mkdir(sidecarPathOf(c?.path ?? ''));
    const before = store.snapshot();
    const report = await importSidecars(editor, { images: images.slice(0, 3) });
    expect(report.unreadable.map((u) => u.reason).sort()).toEqual(['not_a_file', 'not_utf8', 'too_large']);
    expect(report.step).toBeNull();
    expect(store.snapshot()).toEqual(before);
  });

  it('keeps the first tags up to the per-image limit and reports the rest; append mode adds after own tags', async () => {
    const [a, b] = images;
    const many = Array.from({ length: MAX_IMAGE_TAGS + 5 }, (_, i) => `t${i}`);
    await writeFile(sidecarPathOf(a?.path ?? ''), many.join(', '));
    await writeFile(sidecarPathOf(b?.path ?? ''), 'night, extra');
    const report = await importSidecars(editor, { images: images.slice(0, 2), mode: 'append' });
    expect(store.snapshot().get('img-0')).toEqual(many.slice(0, MAX_IMAGE_TAGS));
    expect(report.refused.map((r) => [r.tag, r.rule])).toEqual(
      many.slice(MAX_IMAGE_TAGS).map((t) => [t, 'too_many_tags']),
    );
    expect(store.snapshot().get('img-1')).toEqual([...VOCABULARY.slice(1, 3), 'night', 'extra']);
  });

  it('keeps existing sidecars unless asked to overwrite them', async () => {
    const [, a] = images;
    const sidecar = sidecarPathOf(a?.path ?? '');
    await writeFile(sidecar, 'hand written');
    const kept = await exportSidecars(store, { images: [a].filter((x) => x !== undefined) });
    expect(kept.kept).toEqual([sidecar]);
    expect(await readFile(sidecar, 'utf8')).toBe('hand written');
    const replaced = await exportSidecars(store, {
      images: [a].filter((x) => x !== undefined),
      overwrite: true,
    });
    expect(replaced.written).toEqual([sidecar]);
    expect(await readFile(sidecar, 'utf8')).toBe(VOCABULARY.slice(1, 3).join(', '));
  });

  it('never writes over an image or any other non-text file, nor a sidecar two images share', async () => {
    const [untagged, b, c, d] = images;
    // An image whose name ends in .txt is its own "sidecar"; a JPEG named like another image's sidecar.
    const pngNamedTxt = join(dir, 'odd.txt');
    await writeImage(pngNamedTxt, 99);
    const jpegAtSidecar = sidecarPathOf(c?.path ?? '');
    await writeImage(jpegAtSidecar, 100);
    // Two images in one folder with one base name share `twin.txt`.
    const twinPng = join(dir, 'twin.png');
    const twinJpg = join(dir, 'twin.jpg');
    await writeImage(twinPng, 101);
    await writeImage(twinJpg, 102);
    // An untagged image's hand-written caption is not blanked.
    await writeFile(sidecarPathOf(untagged?.path ?? ''), 'keep me');
    store.addImages([
      ['odd', ['x']],
      ['twin-a', ['x']],
      ['twin-b', ['y']],
    ]);
    const guarded = [pngNamedTxt, jpegAtSidecar, twinPng, twinJpg];
    const hashes = await Promise.all(guarded.map(sha256));
    const selection = [
      ...[untagged, b, c, d].filter((x) => x !== undefined),
      { id: 'odd', path: pngNamedTxt },
      { id: 'twin-a', path: twinPng },
      { id: 'twin-b', path: twinJpg },
    ];
    const report = await exportSidecars(store, { images: selection, overwrite: true });
    expect(report.conflicts).toEqual([
      { sidecar: pngNamedTxt, imageIds: ['odd'] },
      { sidecar: join(dir, 'twin.txt'), imageIds: ['twin-a', 'twin-b'] },
    ]);
    expect(report.notCaptions).toEqual([jpegAtSidecar]);
    expect(report.untagged).toEqual([sidecarPathOf(untagged?.path ?? '')]);
    expect(report.written.sort()).toEqual(
      [sidecarPathOf(b?.path ?? ''), sidecarPathOf(d?.path ?? '')].sort(),
    );
    expect(await Promise.all(guarded.map(sha256))).toEqual(hashes);
    expect(await readFile(sidecarPathOf(untagged?.path ?? ''), 'utf8')).toBe('keep me');
  });

  it('refuses malformed input whole', async () => {
    await expect(
      exportSidecars(store, { images: [{ id: 'img-1', path: 'relative/work.png' }] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(importSidecars(editor, { images: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      // @ts-expect-error -- a renderer can send anything
      importSidecars(editor, { images: [{ id: 'img-1', path: images[0]?.path }], mode: 'merge' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
