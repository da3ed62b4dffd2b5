import { AppError } from '@style-license/shared';
import { describe, expect, it } from 'vitest';
import { createTagEditor, MAX_IMAGE_TAGS, type TagEditorEvent } from '../src/core/tags';
import { MemoryTagStore } from './memory-tag-store';

const VOCABULARY = [
  'watercolor',
  'portrait',
  'sky',
  'blue hair',
  'long hair',
  'ink',
  '수채화',
  '인물',
  'sketch',
  'night',
];

/** A seeded generator (mulberry32), so a failing library can be rebuilt exactly. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` images, each with a random subset of the vocabulary in random order. */
function library(count: number, seed = 7) {
  const next = random(seed);
  const store = new MemoryTagStore(
    Array.from({ length: count }, (_, i) => {
      const tags = VOCABULARY.filter(() => next() < 0.4).sort(() => next() - 0.5);
      return [`img-${String(i).padStart(4, '0')}`, tags] as const;
    }),
  );
  const editor = createTagEditor({ store, imagesWithTag: (tag) => store.imagesWithTag(tag) });
  const ids = [...store.snapshot().keys()];
  return { store, editor, ids };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('tag editor: bulk operations with undo and redo', () => {
  it('returns exactly to every earlier state of 600 images through a chain of bulk edits, and forward again', async () => {
    const { store, editor, ids } = library(600);
    const selection = ids.filter((_, i) => i % 3 !== 0); // 400 images
    const states = [store.snapshot()];
    const edits = [
      () => editor.addTags({ imageIds: selection, tags: ['Trigger Word', 'ＷＡＴＥＲ'], at: 'start' }),
      () => editor.removeTags({ imageIds: selection.slice(0, 250), tags: ['sky', 'ink'] }),
      () => editor.renameTag({ from: 'long hair', to: 'blue hair', imageIds: selection.slice(100) }),
      () => editor.renameTag({ from: 'Watercolor', to: '수채화' }), // every image in the library
      () => editor.findReplace({ imageIds: ids, find: 'hair', replace: 'locks' }),
      () =>
        editor.findReplace({ imageIds: ids, find: '^(\\S+) locks$', replace: '$1-haired', mode: 'regex' }),
      () => editor.moveTags({ imageIds: ids, tags: ['portrait', 'trigger word'], to: 'start' }),
      () => editor.sortTags({ imageIds: selection.slice(0, 50), by: 'count' }),
      () => editor.setImageTags({ imageId: ids[0] ?? '', tags: ['only', 'these'] }),
    ];
    for (const edit of edits) {
      const result = await edit();
      expect(result.changedImageIds.length).toBeGreaterThan(0);
      states.push(store.snapshot());
    }
    // Spot checks that the edits did what they say.
    const final = store.snapshot();
    expect(final.get(ids[0] ?? '')).toEqual(['only', 'these']);
    expect(final.get(selection[300] ?? '')?.slice(0, 2)).toEqual(expect.arrayContaining(['trigger word']));
    expect([...final.values()].flat()).not.toContain('watercolor');
    expect([...final.values()].flat()).not.toContain('long hair');
    expect([...final.values()].flat()).toContain('blue-haired');
    expect(store.writes).toBe(edits.length);

    for (let i = edits.length - 1; i >= 0; i -= 1) {
      await editor.undo();
      expect(store.snapshot()).toEqual(states[i]);
    }
    expect(editor.canUndo).toBe(false);
    expect((await editor.undo()).step).toBeNull();
    for (let i = 1; i <= edits.length; i += 1) {
      await editor.redo();
      expect(store.snapshot()).toEqual(states[i]);
    }
    expect(editor.canRedo).toBe(false);
    // Each applied operation, undo and redo was one whole write.
    expect(store.writes).toBe(edits.length * 3);
  });

  it('records only changed images in a step, and names the step for an Edit menu', async () => {
    const { store, editor, ids } = library(300);
    const carrying = (await store.imagesWithTag('ink')).length;
    const result = await editor.addTags({ imageIds: ids, tags: ['ink'] });
    expect(result.changedImageIds).toHaveLength(300 - carrying);
    expect(result.step).toEqual({ label: { kind: 'add', tags: ['ink'] }, imageCount: 300 - carrying });
    expect(editor.steps().undo).toEqual([result.step]);
  });

  it('adds no step and writes nothing for operations that change nothing, keeping redo', async () => {
    const { store, editor, ids } = library(200);
    const first = ids[0] ?? '';
    await editor.setImageTags({ imageId: first, tags: ['a', 'b'] });
    await editor.addTags({ imageIds: ids, tags: ['night'] });
    await editor.addTags({ imageIds: ids, tags: ['extra'] });
    await editor.undo();
    const before = store.snapshot();
    const writes = store.writes;
    expect(before.get(first)).toEqual(['a', 'b', 'night']);
    const noOps = [
      editor.addTags({ imageIds: ids, tags: ['Night'] }),
      editor.removeTags({ imageIds: ids, tags: ['absent'] }),
      editor.renameTag({ from: 'absent', to: 'other' }),
      editor.renameTag({ from: 'night', to: ' NIGHT ' }),
      editor.findReplace({ imageIds: ids, find: 'zzz', replace: 'y' }),
      editor.findReplace({ imageIds: ids, find: 'night', replace: 'NIGHT' }),
      editor.setImageTags({ imageId: first, tags: ['A', 'b', 'night'] }),
      editor.moveTags({ imageIds: ids, tags: ['absent'], to: 'start' }),
      editor.moveTags({ imageIds: [first], tags: ['a'], to: 'start' }),
      editor.sortTags({ imageIds: [first], by: 'name' }),
    ];
    for (const result of await Promise.all(noOps))
      expect(result).toEqual({ changedImageIds: [], step: null });
    expect(store.snapshot()).toEqual(before);
    expect(store.writes).toBe(writes);
    expect(editor.canRedo).toBe(true);
  });

  it('refuses bad input whole with VALIDATION_FAILED or NOT_FOUND, changing nothing', async () => {
    const { store, editor, ids } = library(200);
    await editor.addTags({ imageIds: ids, tags: ['kept'] });
    const before = store.snapshot();
    const steps = editor.steps();
    const validation = [
      editor.addTags({ imageIds: ids, tags: ['fine', '<b>'] }),
      editor.addTags({ imageIds: ids, tags: ['a,b'] }),
      editor.addTags({ imageIds: ids, tags: ['   '] }),
      editor.addTags({ imageIds: ids, tags: ['x'.repeat(33)] }),
      editor.addTags({ imageIds: ids, tags: ['water\u200Bcolor'] }),
      editor.addTags({ imageIds: [], tags: ['fine'] }),
      editor.addTags({ imageIds: ids, tags: [] }),
      editor.renameTag({ from: 'kept', to: '' }),
      editor.setImageTags({ imageId: ids[0] ?? '', tags: ['ok', 'r\u202Eevil'] }),
      editor.findReplace({ imageIds: ids, find: '(', replace: 'x', mode: 'regex' }),
      editor.findReplace({ imageIds: ids, find: 'kept', replace: 'kept <3' }),
      editor.findReplace({ imageIds: ids, find: 'e', replace: 'e'.repeat(40) }),
      editor.moveTags({ imageIds: ids, tags: ['kept'], to: 'middle' as 'start' }),
      // @ts-expect-error -- a renderer can send anything
      editor.addTags({ imageIds: 'img-0001', tags: 'kept' }),
    ];
    for (const attempt of validation) expect((await refusal(attempt)).code).toBe('VALIDATION_FAILED');
    const bad = await refusal(editor.addTags({ imageIds: ids, tags: ['<b>'] }));
    expect(bad.details?.[0]).toMatchObject({ path: 'tags.0' });
    const invisible = await refusal(editor.addTags({ imageIds: ids, tags: ['water\u200Bcolor'] }));
    expect(invisible.details?.map((d) => d.rule)).toContain('invisible_characters');

    const stale = await refusal(editor.addTags({ imageIds: [...ids, 'gone'], tags: ['new'] }));
    expect(stale.code).toBe('NOT_FOUND');
    expect(stale.details).toEqual([{ path: 'imageIds', rule: 'unknown_image', message: 'gone' }]);

    expect(store.snapshot()).toEqual(before);
    expect(editor.steps()).toEqual(steps);
  });

  it('refuses an edit that would take any image past the per-image limit, for every image', async () => {
    const full = Array.from({ length: MAX_IMAGE_TAGS - 1 }, (_, i) => `t${i}`);
    const store = new MemoryTagStore([
      ['a', full],
      ['b', []],
    ]);
    const editor = createTagEditor({ store, imagesWithTag: (tag) => store.imagesWithTag(tag) });
    await editor.addTags({ imageIds: ['a', 'b'], tags: ['one'] });
    const error = await refusal(editor.addTags({ imageIds: ['a', 'b'], tags: ['two'] }));
    expect(error.details).toEqual([{ path: 'tags', rule: 'too_many_tags', message: 'a' }]);
    expect((await store.tagsOf(['b'])).get('b')).toEqual(['one']);
  });

  it('a pattern that backtracks forever is refused in bounded time', async () => {
    const store = new MemoryTagStore([['a', ['a'.repeat(31) + '!']]]);
    const editor = createTagEditor({ store, imagesWithTag: (tag) => store.imagesWithTag(tag) });
    const started = Date.now();
    const error = await refusal(
      editor.findReplace({ imageIds: ['a'], find: '(a+)+$', replace: 'x', mode: 'regex' }),
    );
    expect(error.details?.[0]?.rule).toBe('regex_too_slow');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps at most the configured number of steps, dropping the oldest', async () => {
    const store = new MemoryTagStore([['a', []]]);
    const editor = createTagEditor({
      store,
      imagesWithTag: (tag) => store.imagesWithTag(tag),
      maxUndoSteps: 5,
    });
    const states = [store.snapshot()];
    for (let i = 0; i < 8; i += 1) {
      await editor.addTags({ imageIds: ['a'], tags: [`t${i}`] });
      states.push(store.snapshot());
    }
    expect(editor.steps().undo).toHaveLength(5);
    for (let i = 0; i < 5; i += 1) await editor.undo();
    expect(editor.canUndo).toBe(false);
    expect(store.snapshot()).toEqual(states[3]);
  });

  it('bounds history by image lists too, always keeping the newest step', async () => {
    const { store, ids } = library(100);
    const small = createTagEditor({ store, imagesWithTag: async () => [], maxUndoImageLists: 150 });
    await small.addTags({ imageIds: ids, tags: ['first'] });
    await small.addTags({ imageIds: ids, tags: ['second'] });
    expect(small.steps().undo.map((s) => s.label)).toEqual([{ kind: 'add', tags: ['second'] }]);
  });

  it('clears redo when a new operation changes something', async () => {
    const { editor, ids } = library(50);
    await editor.addTags({ imageIds: ids, tags: ['one'] });
    await editor.undo();
    expect(editor.canRedo).toBe(true);
    await editor.addTags({ imageIds: ids, tags: ['two'] });
    expect(editor.canRedo).toBe(false);
    expect((await editor.redo()).step).toBeNull();
  });

  it('refuses to undo over tags changed outside the editor (CONFLICT), dropping that step and writing nothing', async () => {
    const { store, editor, ids } = library(50);
    await editor.addTags({ imageIds: ids, tags: ['one'] });
    await editor.addTags({ imageIds: ids.slice(0, 10), tags: ['two'] });
    await store.setTags([{ imageId: ids[3] ?? '', tags: ['elsewhere'] }]);
    const before = store.snapshot();
    const error = await refusal(editor.undo());
    expect(error.code).toBe('CONFLICT');
    expect(error.details?.[0]?.message).toBe(ids[3]);
    expect(store.snapshot()).toEqual(before);
    expect(editor.steps().undo.map((s) => s.label.kind)).toEqual(['add']);
  });

  it('undoes over images removed from the library by skipping them', async () => {
    const { store, editor, ids } = library(20);
    const before = store.snapshot();
    await editor.addTags({ imageIds: ids, tags: ['one'] });
    store.removeImage(ids[0] ?? '');
    await editor.undo();
    before.delete(ids[0] ?? '');
    expect(store.snapshot()).toEqual(before);
  });

  it('records no step when the store refuses the write', async () => {
    const { store, editor, ids } = library(20);
    const before = store.snapshot();
    store.failNextWrite = new AppError('UNAVAILABLE', 'disk full');
    expect((await refusal(editor.addTags({ imageIds: ids, tags: ['one'] }))).code).toBe('UNAVAILABLE');
    expect(store.snapshot()).toEqual(before);
    expect(editor.canUndo).toBe(false);
  });

  it('runs operations one at a time, so concurrent edits both land and undo separately', async () => {
    const { store, editor, ids } = library(100);
    const before = store.snapshot();
    await Promise.all([
      editor.addTags({ imageIds: ids, tags: ['one'] }),
      editor.addTags({ imageIds: ids, tags: ['two'] }),
      editor.undo(),
    ]);
    const now = store.snapshot();
    for (const id of ids) {
      expect(now.get(id)).toContain('one');
      expect(now.get(id)).not.toContain('two');
    }
    await editor.undo();
    expect(store.snapshot()).toEqual(before);
  });

  it('tells listeners about edits, undo, redo and dropped steps; a throwing listener breaks nothing', async () => {
    const { store, ids } = library(10);
    const errors: unknown[] = [];
    const editor = createTagEditor({
      store,
      imagesWithTag: (tag) => store.imagesWithTag(tag),
      onListenerError: (error) => errors.push(error),
    });
    const events: TagEditorEvent[] = [];
    const stop = editor.onChange((event) => events.push(event));
    editor.onChange(() => {
      throw new Error('listener bug');
    });
    await editor.addTags({ imageIds: ids, tags: ['zz'] });
    await editor.undo();
    await editor.redo();
    await editor.clearHistory();
    expect(events.map((e) => [e.cause, e.canUndo, e.canRedo])).toEqual([
      ['edit', true, false],
      ['undo', false, true],
      ['redo', true, false],
      ['cleared', false, false],
    ]);
    expect(events[0]?.changedImageIds).toHaveLength(10);
    expect(errors).toHaveLength(4);
    stop();
    await editor.addTags({ imageIds: ids, tags: ['yy'] });
    expect(events).toHaveLength(4);
  });
});
