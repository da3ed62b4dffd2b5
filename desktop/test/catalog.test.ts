import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog, type CatalogQuery, type ScannedImage } from '../src/core/catalog';
import type { CatalogImage } from '../src/core/model';
import { scannedImage, seedFolder } from './catalog-fixtures';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await openCatalog();
});
afterAll(() => catalog.close());

async function allPages(query: CatalogQuery): Promise<CatalogImage[]> {
  const images: CatalogImage[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await catalog.query({ ...query, cursor });
    images.push(...page.images);
    if (!page.nextCursor) return images;
    cursor = page.nextCursor;
  }
}

describe('upsertScanned: ids follow files', () => {
  const folder = '/scans';
  let ids: Map<string, string>;
  beforeAll(async () => {
    ids = await seedFolder(catalog, folder, [
      scannedImage(folder, 'keep.png'),
      scannedImage(folder, 'edit.png'),
      scannedImage(folder, 'delete.png'),
      scannedImage(folder, 'old-name.png'),
    ]);
    await catalog.setTags([
      { imageId: ids.get('edit.png')!, tags: ['edited'] },
      { imageId: ids.get('delete.png')!, tags: ['doomed'] },
      { imageId: ids.get('old-name.png')!, tags: ['moved'] },
    ]);
    await catalog.setRating([ids.get('edit.png')!], 4);
    await catalog.setPick([ids.get('old-name.png')!], 'picked');
  });

  it('a changed file keeps its id, tags and marks; a deleted one leaves with its tags; a moved one keeps its id', async () => {
    const moved = scannedImage(folder, 'old-name.png');
    const applied = await catalog.upsertScanned({
      folder,
      changed: [
        scannedImage(folder, 'edit.png', { width: 2048 }, 2),
        { ...moved, path: join(folder, 'sub', 'new-name.png') },
        scannedImage(folder, 'new.png'),
      ],
      unchanged: [join(folder, 'keep.png')],
      ignored: [{ path: join(folder, 'notes.txt'), byteSize: 5, mtimeMs: 1 }],
    });
    expect(applied).toEqual({ added: 1, updated: 1, moved: 1, removed: 1 });

    const [edited] = await catalog.get([ids.get('edit.png')!]);
    expect(edited).toMatchObject({ width: 2048, tags: ['edited'], rating: 4 });
    expect(edited!.sha256).toBe(scannedImage(folder, 'edit.png', {}, 2).sha256);
    const [movedImage] = await catalog.get([ids.get('old-name.png')!]);
    expect(movedImage).toMatchObject({
      path: join(folder, 'sub', 'new-name.png'),
      tags: ['moved'],
      pick: 'picked',
    });
    expect(await catalog.get([ids.get('delete.png')!])).toEqual([]);
    expect((await catalog.tagCounts()).has('doomed')).toBe(false);
    expect(await catalog.get([ids.get('keep.png')!])).toHaveLength(1);

    const known = await catalog.knownFiles(folder);
    expect(known.get(join(folder, 'notes.txt'))).toEqual({ kind: 'ignored', byteSize: 5, mtimeMs: 1 });
    expect(known.get(join(folder, 'new.png'))?.kind).toBe('image');
    expect(known.size).toBe(5);
  });

  it('refuses a scan with a file outside its folder, or for a folder not in the library, changing nothing', async () => {
    const before = await catalog.count({ folder });
    await expect(
      catalog.upsertScanned({
        folder,
        changed: [scannedImage('/elsewhere', 'x.png')],
        unchanged: [],
        ignored: [],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      catalog.upsertScanned({ folder: '/nowhere', changed: [], unchanged: [], ignored: [] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await catalog.count({ folder })).toBe(before);
  });
});

describe('library folders', () => {
  it('a folder inside a library folder is refused; a folder around library folders merges them, ids kept', async () => {
    const inner = await seedFolder(catalog, '/art/2024', [scannedImage('/art/2024', 'a.png')]);
    await seedFolder(catalog, '/art/2025', [scannedImage('/art/2025', 'b.png')]);
    await expect(catalog.addFolder('/art/2024/sketches')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await catalog.addFolder('/art/')).toEqual({ folder: '/art', merged: ['/art/2024', '/art/2025'] });
    const [image] = await catalog.get([inner.get('a.png')!]);
    expect(image?.folder).toBe('/art');
    expect((await catalog.folders()).filter((f) => f.path.startsWith('/art'))).toEqual([
      { path: '/art', images: 2 },
    ]);
    expect(await catalog.removeFolder('/art')).toEqual({ removed: 2 });
    expect(await catalog.count({ folder: '/art' })).toBe(0);
    await expect(catalog.removeFolder('/art')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(catalog.addFolder('relative/path')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('filters, sorts and pages', () => {
  const folder = '/filters';
  const N = 60;
  // Facts per index, so every expectation below is recomputed from the same rules in plain code.
  const tagsOf = (i: number) =>
    [i % 2 === 0 && 'even', i % 3 === 0 && 'three', i % 5 === 0 && 'five', i % 7 === 0 && 'seven'].filter(
      (t): t is string => typeof t === 'string',
    );
  const facts = (i: number): Partial<ScannedImage> => ({
    byteSize: 10_000 + ((i * 37) % 23) * 100,
    mtimeMs: 1_600_000_000_000 + ((i * 13) % 17) * 1000,
    format: i % 11 === 0 ? 'webp' : i % 13 === 0 ? null : 'png',
    corrupt: i % 13 === 0 || i === 4,
    width: i % 9 === 0 ? 300 : 1024,
  });
  const name = (i: number) => `img-${String(i).padStart(3, '0')}.png`;
  let idOf: Map<string, string>;
  const expected = (keep: (i: number) => boolean) =>
    Array.from({ length: N }, (_, i) => i)
      .filter(keep)
      .map((i) => idOf.get(name(i)))
      .sort();
  const found = async (filter: CatalogQuery) =>
    (await allPages({ ...filter, folder, limit: 1000 })).map((im) => im.id).sort();

  beforeAll(async () => {
    idOf = await seedFolder(
      catalog,
      folder,
      Array.from({ length: N }, (_, i) => scannedImage(folder, name(i), facts(i))),
    );
    await catalog.setTags(
      Array.from({ length: N }, (_, i) => ({ imageId: idOf.get(name(i))!, tags: tagsOf(i) })),
    );
    for (let rating = 1; rating <= 5; rating++)
      await catalog.setRating(
        Array.from({ length: N }, (_, i) => i)
          .filter((i) => i % 6 === rating)
          .map((i) => idOf.get(name(i))!),
        rating,
      );
    await catalog.setPick(
      [0, 1, 2].map((i) => idOf.get(name(i))!),
      'picked',
    );
    await catalog.setPick(
      [3].map((i) => idOf.get(name(i))!),
      'rejected',
    );
  });

  it('a boolean tag expression selects exactly the images it describes', async () => {
    const has = (i: number, tag: string) => tagsOf(i).includes(tag);
    expect(await found({ tags: { tag: 'even' } })).toEqual(expected((i) => has(i, 'even')));
    expect(await found({ tags: { and: [{ tag: 'even' }, { not: { tag: 'three' } }] } })).toEqual(
      expected((i) => has(i, 'even') && !has(i, 'three')),
    );
    expect(
      await found({ tags: { or: [{ tag: 'five' }, { and: [{ tag: 'seven' }, { not: { tag: 'EVEN' } }] }] } }),
    ).toEqual(expected((i) => has(i, 'five') || (has(i, 'seven') && !has(i, 'even'))));
    expect(await found({ tags: { tag: 'nobody has this' } })).toEqual([]);
    expect(await catalog.count({ folder, tags: { not: { tag: 'even' } } })).toBe(
      expected((i) => !has(i, 'even')).length,
    );
  });

  it('untagged, rating, pick and problem filters, alone and combined', async () => {
    const untagged = (i: number) => tagsOf(i).length === 0;
    const rating = (i: number) => i % 6;
    expect(await found({ untagged: true })).toEqual(expected(untagged));
    expect(await found({ untagged: false })).toEqual(expected((i) => !untagged(i)));
    expect(await found({ minRating: 4 })).toEqual(expected((i) => rating(i) >= 4));
    expect(await found({ picks: ['picked'] })).toEqual(expected((i) => i <= 2));
    expect(await found({ picks: ['none'] })).toEqual(expected((i) => i > 3));
    expect(await found({ problems: ['corrupt'] })).toEqual(expected((i) => i % 13 === 0 || i === 4));
    expect(await found({ problems: ['too_small'] })).toEqual(expected((i) => i % 9 === 0));
    expect(await found({ problems: ['wrong_format'] })).toEqual(
      expected((i) => i % 11 === 0 || i % 13 === 0),
    );
    expect(await found({ problems: ['too_small', 'corrupt'] })).toEqual(
      expected((i) => i % 9 === 0 || i % 13 === 0 || i === 4),
    );
    expect(await found({ minRating: 2, tags: { tag: 'even' }, problems: ['too_small'] })).toEqual(
      expected((i) => rating(i) >= 2 && i % 2 === 0 && i % 9 === 0),
    );
  });

  it('bad filters are VALIDATION_FAILED: unknown keys, refused tags, filters nested too deep', async () => {
    let deep: unknown = { tag: 'a' };
    for (let i = 0; i < 20; i++) deep = { not: deep };
    for (const bad of [
      { tags: { tag: 'a,b' } },
      { tags: { and: [] } },
      { tags: { xor: [{ tag: 'a' }] } },
      { tags: { tag: 'a', not: { tag: 'b' } } },
      { tags: deep },
      { minRating: 6 },
      { problems: ['blurry'] },
      { sort: { by: 'name' } },
      { limit: 0 },
      { colour: 'red' },
    ])
      await expect(catalog.query(bad as CatalogQuery)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(catalog.query({ tags: deep as never })).rejects.toMatchObject({
      details: [{ rule: 'tag_filter_too_complex' }],
    });
  });

  it('every sort pages in keyset order: pages join into the full sorted list, no row repeated or skipped', async () => {
    const all = await allPages({ folder, limit: 1000 });
    const keyOf = {
      path: (im: CatalogImage) => im.path,
      mtime: (im: CatalogImage) => im.mtimeMs,
      rating: (im: CatalogImage) => im.rating,
      size: (im: CatalogImage) => im.byteSize,
    };
    for (const by of ['path', 'mtime', 'rating', 'size'] as const)
      for (const direction of ['asc', 'desc'] as const) {
        const sign = direction === 'asc' ? 1 : -1;
        const sorted = [...all].sort((x, y) => {
          const [a, b] = [keyOf[by](x), keyOf[by](y)];
          return sign * (a < b ? -1 : a > b ? 1 : x.path < y.path ? -1 : x.path > y.path ? 1 : 0);
        });
        const paged = await allPages({ folder, sort: { by, direction }, limit: 7 });
        expect(
          paged.map((im) => im.path),
          `${by} ${direction}`,
        ).toEqual(sorted.map((im) => im.path));
      }
  });

  it('a cursor from another sort, or garbage, is VALIDATION_FAILED (invalid_cursor)', async () => {
    const page = await catalog.query({ folder, sort: { by: 'rating', direction: 'desc' }, limit: 5 });
    for (const query of [
      { folder, sort: { by: 'size' as const }, cursor: page.nextCursor! },
      { folder, cursor: 'not-a-cursor' },
      { folder, cursor: Buffer.from('{"sort":"path:asc","key":1,"path":"/x"}').toString('base64url') },
    ])
      await expect(catalog.query(query)).rejects.toMatchObject({ details: [{ rule: 'invalid_cursor' }] });
  });
});

describe('marks are all or nothing', () => {
  const folder = '/marks';
  let ids: string[];
  beforeAll(async () => {
    ids = [
      ...(
        await seedFolder(
          catalog,
          folder,
          ['a.png', 'b.png'].map((n) => scannedImage(folder, n)),
        )
      ).values(),
    ];
  });
  const marks = async () => (await catalog.get(ids)).map((im) => [im.rating, im.pick, im.tags]);

  it('an unknown id, a malformed id or a bad value changes no image', async () => {
    await catalog.setRating(ids, 3);
    await catalog.setTags([{ imageId: ids[0]!, tags: ['kept'] }]);
    const before = await marks();
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expect(catalog.setRating([...ids, unknown], 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(catalog.setPick([ids[1]!, unknown], 'picked')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(catalog.setRating([ids[0]!, 'nope'], 5)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(catalog.setRating(ids, 6)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(catalog.setPick(ids, 'maybe' as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      catalog.setTags([
        { imageId: ids[1]!, tags: ['fine'] },
        { imageId: unknown, tags: ['fine'] },
      ]),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', details: [{ value: unknown }] });
    await expect(
      catalog.setTags([
        { imageId: ids[1]!, tags: ['fine'] },
        { imageId: ids[0]!, tags: ['<script>'] },
      ]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await marks()).toEqual(before);
    await catalog.setPick(
      ids.map((id) => id.toUpperCase()),
      'rejected',
    );
    expect((await catalog.get(ids)).map((im) => im.pick)).toEqual(['rejected', 'rejected']);
  });
});

describe('persistence', () => {
  it('folders, images, tags and marks survive close and reopen; one data folder opens once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'catalog-'));
    try {
      const first = await openCatalog({ dir: join(dir, 'db') });
      await expect(openCatalog({ dir: join(dir, 'db') })).rejects.toMatchObject({ code: 'CONFLICT' });
      const [id] = (await seedFolder(first, '/kept', [scannedImage('/kept', 'a.png')])).values();
      await first.setTags([{ imageId: id!, tags: ['sky', 'ink'] }]);
      await first.setRating([id!], 5);
      const before = await first.get([id!]);
      await first.close();
      const second = await openCatalog({ dir: join(dir, 'db') });
      expect(await second.get([id!])).toEqual(before);
      expect(await second.folders()).toEqual([{ path: '/kept', images: 1 }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('scale', () => {
  it('a tag filter over 10,000 images answers its first page quickly (measured; the bench holds the goal)', async () => {
    const big = await openCatalog();
    try {
      const folder = '/big';
      await big.addFolder(folder);
      const images = Array.from({ length: 10_000 }, (_, i) => scannedImage(folder, `${i}.png`));
      await big.upsertScanned({ folder, changed: images, unchanged: [], ignored: [] });
      const ids = (await big.query({ limit: 1 })).images.length;
      expect(ids).toBe(1);
      const all: string[] = [];
      for (let cursor: string | undefined; ;) {
        const page = await big.query({ limit: 1000, cursor });
        all.push(...page.images.map((im) => im.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const vocabulary = Array.from({ length: 100 }, (_, i) => `tag ${i}`);
      await big.setTags(
        all.map((imageId, i) => ({
          imageId,
          tags: vocabulary.filter((_, t) => (i * 31 + t * 17) % 9 === 0),
        })),
      );
      const filter = { tags: { and: [{ tag: 'tag 3' }, { not: { tag: 'tag 4' } }] } };
      const times: number[] = [];
      for (let round = 0; round < 9; round++) {
        const started = performance.now();
        await big.query({ ...filter, limit: 200 });
        times.push(performance.now() - started);
      }
      const median = times.sort((a, b) => a - b)[4]!;
      console.log(`tag filter over 10,000 images, first page of 200: median ${median.toFixed(1)} ms`);
      // Generous against a busy test machine; desktop/bench/catalog.bench.ts measures against the 50 ms goal.
      expect(median).toBeLessThan(250);
    } finally {
      await big.close();
    }
  });
});
