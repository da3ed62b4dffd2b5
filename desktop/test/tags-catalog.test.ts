import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMatching, openCatalog, type Catalog } from '../src/core/catalog';
import { createTagEditor, type TagEditor } from '../src/core/tags';
import { scannedImage, seedFolder } from './catalog-fixtures';

// The editor over the real PGlite catalog, not only the in-memory store its other tests use.
describe('tag editor over the PGlite catalog', () => {
  let catalog: Catalog;
  let editor: TagEditor;
  let ids: string[];
  const snapshot = async () => Object.fromEntries(await catalog.tagsOf(ids));

  beforeAll(async () => {
    catalog = await openCatalog();
    const seeded = await seedFolder(
      catalog,
      '/library',
      Array.from({ length: 300 }, (_, i) =>
        scannedImage('/library', `work-${String(i).padStart(3, '0')}.png`),
      ),
    );
    ids = [...seeded.values()];
    editor = createTagEditor({
      store: catalog,
      imagesWithTag: async (tag) => (await allMatching(catalog, { tags: { tag } })).map((i) => i.id),
    });
  });
  afterAll(() => catalog.close());

  it('bulk edits on 300 images undo and redo to exactly the earlier tag maps', async () => {
    const states = [await snapshot()];
    const edits = [
      () => editor.addTags({ imageIds: ids, tags: ['Watercolor', '수채화', 'sky'] }),
      () => editor.removeTags({ imageIds: ids.slice(0, 120), tags: ['sky'] }),
      () => editor.renameTag({ from: 'sky', to: 'blue sky' }),
      () => editor.findReplace({ imageIds: ids, find: 'blue', replace: 'azure' }),
      () => editor.moveTags({ imageIds: ids, tags: ['수채화'], to: 'start' }),
    ];
    for (const edit of edits) {
      expect((await edit()).changedImageIds.length).toBeGreaterThan(0);
      states.push(await snapshot());
    }
    expect((await catalog.tagsOf([ids[200] ?? ''])).get(ids[200] ?? '')).toEqual([
      '수채화',
      'watercolor',
      'azure sky',
    ]);
    expect(await catalog.tagCounts()).toEqual(
      new Map([
        ['azure sky', 180],
        ['watercolor', 300],
        ['수채화', 300],
      ]),
    );
    for (let i = edits.length - 1; i >= 0; i -= 1) {
      await editor.undo();
      expect(await snapshot()).toEqual(states[i]);
    }
    for (let i = 1; i <= edits.length; i += 1) {
      await editor.redo();
      expect(await snapshot()).toEqual(states[i]);
    }
  });
});
