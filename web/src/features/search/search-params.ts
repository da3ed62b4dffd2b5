// The search's state lives in the URL (`?tags=ink,portrait&sort=newest`), so a result list can be linked
// and the back button steps through earlier searches. These read and write that form.
import { MAX_TAGS, STYLE_SORTS, normaliseTag, type StyleSort } from '@style-license/shared';

export function parseTags(raw: string | null): string[] {
  if (!raw) return [];
  const tags: string[] = [];
  for (const piece of raw.split(',')) {
    const tag = normaliseTag(piece);
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags.slice(0, MAX_TAGS);
}

export function parseSort(raw: string | null): StyleSort | null {
  return (STYLE_SORTS as readonly string[]).includes(raw ?? '') ? (raw as StyleSort) : null;
}

/** The params for a search; an empty tag list leaves `tags` out so the plain `/search` stays clean. */
export function searchParamsFor(tags: string[], sort: StyleSort): URLSearchParams {
  const params = new URLSearchParams();
  if (tags.length > 0) params.set('tags', tags.join(','));
  params.set('sort', sort);
  return params;
}

/** Items of every page, each once: a style that moved between page fetches is not shown twice. */
export function uniqueById<T extends { id: string }>(pages: { items: T[] }[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const page of pages)
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push(item);
    }
  return out;
}
