import { describe, expect, it } from 'vitest';
import { feedParamsFor, isFiltered, readFeedParams } from './feed-params';

const STYLE = '11111111-1111-4111-8111-111111111111';
const ARTIST = '44444444-4444-4444-8444-444444444444';

describe('the feed’s URL', () => {
  it('reads the tab and every filter, normalising the tag', () => {
    const params = new URLSearchParams(
      `feed=following&tag=%20Ink%20Wash&style=${STYLE}&artist=${ARTIST.toUpperCase()}`,
    );
    expect(readFeedParams(params)).toEqual({
      tab: 'following',
      tag: 'ink wash',
      styleId: STYLE,
      artistId: ARTIST,
    });
  });

  it('drops what cannot be a filter instead of sending it to be refused', () => {
    const tooLong = 'a'.repeat(33);
    const params = new URLSearchParams(`feed=weird&tag=${tooLong}&style=123&artist=`);
    expect(readFeedParams(params)).toEqual({ tab: 'latest' });
    expect(readFeedParams(new URLSearchParams('tag=%20%20'))).toEqual({ tab: 'latest' });
  });

  it('writes only what is set, so the plain feed is a clean address, and reads back what it wrote', () => {
    expect(feedParamsFor({ tab: 'latest' }).toString()).toBe('');
    const filters = { tab: 'following' as const, tag: 'ink', styleId: STYLE, artistId: ARTIST };
    expect(readFeedParams(feedParamsFor(filters))).toEqual(filters);
  });

  it('counts the tab as no filter', () => {
    expect(isFiltered({ tab: 'following' })).toBe(false);
    expect(isFiltered({ tab: 'latest', artistId: ARTIST })).toBe(true);
  });
});
