import { describe, expect, it } from 'vitest';
import { parseSort, parseTags, searchParamsFor, uniqueById } from './search-params';

describe('search params', () => {
  it('reads tags folded, without blanks or duplicates', () => {
    expect(parseTags('Ink, portrait,,ink')).toEqual(['ink', 'portrait']);
    expect(parseTags(null)).toEqual([]);
  });
  it('accepts only known sorts', () => {
    expect(parseSort('popular')).toBe('popular');
    expect(parseSort('oldest')).toBeNull();
  });
  it('writes tags as one comma list and leaves them out when empty', () => {
    expect(searchParamsFor(['ink', 'portrait'], 'newest').toString()).toBe('tags=ink%2Cportrait&sort=newest');
    expect(searchParamsFor([], 'popular').toString()).toBe('sort=popular');
  });
  it('shows an item once across pages', () => {
    const pages = [{ items: [{ id: 'a' }, { id: 'b' }] }, { items: [{ id: 'b' }, { id: 'c' }] }];
    expect(uniqueById(pages).map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });
});
