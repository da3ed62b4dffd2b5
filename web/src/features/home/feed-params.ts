// The home feed's state lives in the URL (`?feed=following&tag=ink&style=<id>&artist=<id>`), so a filtered
// feed can be linked from elsewhere and Back steps through earlier filters. These read and write that form.
// What cannot be a filter (a malformed id, an empty tag) is dropped here rather than sent to be refused.
import { MAX_TAG_LENGTH, codePointLength, normaliseTag } from '@style-license/shared';

export type FeedTab = 'latest' | 'following';

export interface FeedFilters {
  tab: FeedTab;
  tag?: string;
  styleId?: string;
  artistId?: string;
}

// The ids the API takes (RFC 9562 UUIDs, as zod's z.uuid() checks them).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function readId(raw: string | null): string | undefined {
  return raw && UUID.test(raw) ? raw.toLowerCase() : undefined;
}

export function readTag(raw: string | null): string | undefined {
  const tag = normaliseTag(raw ?? '');
  return tag !== '' && codePointLength(tag) <= MAX_TAG_LENGTH ? tag : undefined;
}

export function readFeedParams(params: URLSearchParams): FeedFilters {
  const filters: FeedFilters = { tab: params.get('feed') === 'following' ? 'following' : 'latest' };
  const tag = readTag(params.get('tag'));
  const styleId = readId(params.get('style'));
  const artistId = readId(params.get('artist'));
  if (tag) filters.tag = tag;
  if (styleId) filters.styleId = styleId;
  if (artistId) filters.artistId = artistId;
  return filters;
}

/** The params for `filters`; the latest tab and absent filters are left out, so plain `/` stays clean. */
export function feedParamsFor(filters: FeedFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.tab === 'following') params.set('feed', 'following');
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.styleId) params.set('style', filters.styleId);
  if (filters.artistId) params.set('artist', filters.artistId);
  return params;
}

/** Any filter beyond the tab: the empty state then suggests clearing them. */
export function isFiltered(filters: FeedFilters): boolean {
  return Boolean(filters.tag || filters.styleId || filters.artistId);
}
