import { AppError } from '@style-license/shared';
import { describe, expect, it } from 'vitest';
import { createTagEditor } from '../src/core/tags';
import { MemoryTagStore } from './memory-tag-store';

function setup() {
  const store = new MemoryTagStore([
    ['a', ['blue hair', 'long hair', 'sky']],
    ['b', ['long hair', 'hair ribbon', '수채화 풍경']],
    ['c', ['strasse', 'price $5']],
    ['d', ['sky']],
  ]);
  const editor = createTagEditor({ store, imagesWithTag: (tag) => store.imagesWithTag(tag) });
  return { store, editor, all: ['a', 'b', 'c', 'd'] };
}

describe('find and replace within tags', () => {
  it('previews every change without applying it', async () => {
    const { store, editor, all } = setup();
    const before = store.snapshot();
    const preview = await editor.previewFindReplace({ imageIds: all, find: ' hair', replace: '' });
    expect(preview.changes).toEqual([
      { imageId: 'a', before: ['blue hair', 'long hair', 'sky'], after: ['blue', 'long', 'sky'] },
      {
        imageId: 'b',
        before: ['long hair', 'hair ribbon', '수채화 풍경'],
        after: ['long', 'hair ribbon', '수채화 풍경'],
      },
    ]);
    expect(preview.rewrites).toEqual([
      { from: 'blue hair', to: 'blue', imageCount: 1 },
      { from: 'long hair', to: 'long', imageCount: 2 },
    ]);
    expect(preview.problems).toEqual([]);
    expect(store.snapshot()).toEqual(before);
    expect(editor.canUndo).toBe(false);
  });

  it('merges tags that become one (first position wins) and removes tags that become empty', async () => {
    const { store, editor } = setup();
    await editor.findReplace({ imageIds: ['a'], find: '^(blue|long) hair$', replace: 'hair', mode: 'regex' });
    expect((await store.tagsOf(['a'])).get('a')).toEqual(['hair', 'sky']);
    await editor.findReplace({ imageIds: ['a', 'd'], find: 'sky', replace: '', wholeTag: true });
    expect(store.snapshot().get('a')).toEqual(['hair']);
    expect(store.snapshot().get('d')).toEqual([]);
  });

  it('matches plain text as typed, folded like tags (case, ß, full-width, NFD Hangul), and replaces it literally', async () => {
    const { store, editor, all } = setup();
    await editor.findReplace({ imageIds: all, find: 'STRAßE', replace: 'road' });
    await editor.findReplace({ imageIds: all, find: '$5', replace: '$&$1' });
    await editor.findReplace({ imageIds: all, find: 'ＰＲＩＣＥ', replace: 'cost' });
    await editor.findReplace({ imageIds: all, find: '수채화'.normalize('NFD'), replace: 'Watercolor' });
    expect(store.snapshot().get('c')).toEqual(['road', 'cost $&$1']);
    expect(store.snapshot().get('b')).toEqual(['long hair', 'hair ribbon', 'watercolor 풍경']);
  });

  it('whole-tag mode leaves tags that only contain the text alone', async () => {
    const { store, editor, all } = setup();
    await editor.findReplace({ imageIds: all, find: 'hair', replace: 'locks', wholeTag: true });
    await editor.findReplace({ imageIds: all, find: 'long hair', replace: 'long locks', wholeTag: true });
    expect(store.snapshot().get('b')).toEqual(['long locks', 'hair ribbon', '수채화 풍경']);
  });

  it('regular expressions use groups and are case-insensitive unless asked', async () => {
    const { store, editor, all } = setup();
    await editor.findReplace({
      imageIds: all,
      find: 'SKY',
      replace: 'SKY',
      mode: 'regex',
      caseSensitive: true,
    });
    expect(editor.canUndo).toBe(false);
    await editor.findReplace({
      imageIds: all,
      find: '^(?<what>\\w+) hair$',
      replace: 'hair: $<what>',
      mode: 'regex',
    });
    expect(store.snapshot().get('a')).toEqual(['hair: blue', 'hair: long', 'sky']);
  });

  it('lists replacements the tag rules refuse in the preview, and refuses to apply them', async () => {
    const { store, editor, all } = setup();
    const before = store.snapshot();
    const preview = await editor.previewFindReplace({ imageIds: all, find: 'hair', replace: 'hair, bow' });
    expect(preview.problems).toEqual([
      expect.objectContaining({ from: 'blue hair', result: 'blue hair, bow', imageCount: 1, rule: 'custom' }),
      expect.objectContaining({ from: 'long hair', imageCount: 2 }),
      expect.objectContaining({ from: 'hair ribbon', imageCount: 1 }),
    ]);
    const error = await editor
      .findReplace({ imageIds: all, find: 'hair', replace: 'hair, bow' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).details).toHaveLength(3);
    expect(store.snapshot()).toEqual(before);
  });

  it('undoes a find-and-replace as one step', async () => {
    const { store, editor, all } = setup();
    const before = store.snapshot();
    await editor.findReplace({ imageIds: all, find: 'hair', replace: 'locks' });
    expect(editor.steps().undo).toEqual([
      { label: { kind: 'find-replace', find: 'hair', replace: 'locks', mode: 'text' }, imageCount: 2 },
    ]);
    await editor.undo();
    expect(store.snapshot()).toEqual(before);
  });
});
