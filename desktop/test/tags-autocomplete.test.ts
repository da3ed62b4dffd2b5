import { describe, expect, it } from 'vitest';
import {
  createTagEditor,
  rankTagSuggestions,
  TagAutocomplete,
  type SuggestionSources,
} from '../src/core/tags';
import { MemoryTagStore } from './memory-tag-store';

const sources = (overrides: Partial<SuggestionSources> = {}): SuggestionSources => ({
  localCounts: new Map([
    ['watercolor', 40],
    ['water', 3],
    ['waterfall', 12],
    ['seawater', 50],
    ['portrait', 9],
    ['수채화', 30],
    ['수채 풍경', 5],
    ['숯불', 8],
    ['인물 수채화', 2],
  ]),
  platformTags: [
    { name: 'watercolor', styleCount: 900 },
    { name: 'water lily', styleCount: 40 },
    { name: 'waterfall', styleCount: 2 },
    { name: 'wave', styleCount: 300 },
    { name: 'underwater', styleCount: 100 },
    { name: '수채화 인물', styleCount: 70 },
    { name: 'Bad<tag>', styleCount: 1000 },
  ],
  selectionTags: [],
  ...overrides,
});

const tags = (query: string, over: Partial<SuggestionSources> = {}, limit = 20) =>
  rankTagSuggestions(query, sources(over), limit).map((s) => s.tag);

describe('tag autocomplete', () => {
  it('ranks prefix matches before substring, local before platform, then by count', () => {
    expect(tags('wat')).toEqual(['watercolor', 'waterfall', 'water', 'water lily', 'seawater', 'underwater']);
    const [first] = rankTagSuggestions('wat', sources());
    expect(first).toEqual({
      tag: 'watercolor',
      match: 'prefix',
      source: 'local',
      localCount: 40,
      platformCount: 900,
      onSomeSelected: false,
    });
  });

  it('folds the query like a tag (case, full-width, surrounding space)', () => {
    expect(tags(' ＷＡＴＥＲＦ')).toEqual(['waterfall']);
    expect(tags('PORT')).toEqual(['portrait']);
  });

  it('leaves out tags every selected image has, and marks those only some have', () => {
    const selectionTags = [
      ['watercolor', 'waterfall'],
      ['watercolor', 'portrait'],
    ];
    const found = rankTagSuggestions('wat', sources({ selectionTags }));
    expect(found.map((s) => s.tag)).not.toContain('watercolor');
    expect(found.find((s) => s.tag === 'waterfall')?.onSomeSelected).toBe(true);
    expect(found.find((s) => s.tag === 'water')?.onSomeSelected).toBe(false);
  });

  it('suggests Korean tags by prefix and substring', () => {
    expect(tags('수채')).toEqual(['수채화', '수채 풍경', '수채화 인물', '인물 수채화']);
    expect(tags('채화')).toEqual(['수채화', '인물 수채화', '수채화 인물']);
  });

  it('suggests a Korean tag while its last syllable is still being composed', () => {
    // Typing 수채화 on a 2-set keyboard passes through 수챟 (ㅎ held as a final) and 수채호 before 화.
    const composing = ['수채화', '수채화 인물', '인물 수채화'];
    expect(tags('수챟')).toEqual(composing);
    expect(tags('수채호')).toEqual(composing);
    expect(tags('수채ㅎ')).toEqual(composing);
    expect(rankTagSuggestions('수챟', sources()).map((s) => s.match)).toEqual([
      'prefix',
      'prefix',
      'substring',
    ]);
    // 숯 is both a word (숯불) and 수 + ㅊ on the way to 수채: both lead, by count.
    expect(tags('숯')).toEqual(['수채화', '숯불', '수채 풍경', '수채화 인물', '인물 수채화']);
    // Jamo typed as NFD (macOS) fold to the same syllables.
    expect(tags('수채'.normalize('NFD'))).toEqual(tags('수채'));
    expect(tags('수채하')).toEqual([]);
  });

  it('offers the most used tags for an empty query, platform tags refused by the tag rules never', () => {
    expect(tags('', {}, 3)).toEqual(['seawater', 'watercolor', '수채화']);
    expect(tags('bad')).toEqual([]);
  });

  it('reads local counts once until invalidated by an edit, and the selection from the store', async () => {
    const store = new MemoryTagStore([
      ['a', ['sky', 'sea']],
      ['b', ['sky']],
      ['c', []],
    ]);
    let reads = 0;
    const counted = Object.assign(Object.create(store) as MemoryTagStore, {
      tagCounts: () => {
        reads += 1;
        return store.tagCounts();
      },
    });
    const autocomplete = new TagAutocomplete({
      store: counted,
      platformTags: () => [{ name: 'sunset', styleCount: 5 }],
    });
    const editor = createTagEditor({ store, imagesWithTag: (t) => store.imagesWithTag(t) });
    editor.onChange(() => autocomplete.invalidate());

    expect((await autocomplete.suggest({ query: 's' })).map((s) => s.tag)).toEqual(['sky', 'sea', 'sunset']);
    expect((await autocomplete.suggest({ query: 's', imageIds: ['a', 'b'] })).map((s) => s.tag)).toEqual([
      'sea',
      'sunset',
    ]);
    expect(reads).toBe(1);
    await editor.addTags({ imageIds: ['a', 'b', 'c'], tags: ['sea'] });
    expect((await autocomplete.suggest({ query: 's', imageIds: ['c'] })).map((s) => s.tag)).toEqual([
      'sky',
      'sunset',
    ]);
    expect(reads).toBe(2);
    await expect(autocomplete.suggest({ query: 'x'.repeat(201) })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
