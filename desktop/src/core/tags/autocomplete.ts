/**
 * Tag suggestions as the artist types: the library's own tags by how many images carry them, plus the
 * platform's popular tags. Ranked prefix before substring, then local before platform, then by count, then
 * by name; tags every selected image already has are left out. Queries fold like tags (shared normaliser).
 */
import { z } from 'zod';
import { normaliseTag, tagSchema, type PopularTag, parseInput } from '@style-license/shared';
import type { TagStore } from '../model';
import { typedKeys, type TypedKeys } from './hangul-keys';
import { imageIdSchema, MAX_SELECTION } from './input';
import { byCodePoint } from './operations';

export const suggestTagsSchema = z.object({
  /** What is typed so far (an unfinished Hangul syllable included). */
  query: z.string().max(200),
  /** The selection being tagged: tags all of these already have are not suggested. */
  imageIds: z.array(imageIdSchema).max(MAX_SELECTION).default([]),
  limit: z.number().int().min(1).max(100).default(10),
});
export type SuggestTagsInput = z.input<typeof suggestTagsSchema>;

export interface TagSuggestion {
  tag: string;
  match: 'prefix' | 'substring';
  /** `local` when the library has it (even if the platform has it too). */
  source: 'local' | 'platform';
  /** Images in the library carrying it. */
  localCount: number;
  /** Ready styles on the platform carrying it (0 when not among the popular tags). */
  platformCount: number;
  /** Some, not all, of the selected images have it: adding it completes the selection. */
  onSomeSelected: boolean;
}

export interface SuggestionSources {
  localCounts: ReadonlyMap<string, number>;
  /** As `styles.popularTags` returns them. */
  platformTags: readonly PopularTag[];
  /** The tag lists of the selected images. */
  selectionTags: readonly (readonly string[])[];
}

// Tags are few (thousands) but queried on every keystroke: their key spellings are kept once computed.
const keysCache = new Map<string, TypedKeys>();
function keysOf(tag: string): TypedKeys {
  let keys = keysCache.get(tag);
  if (!keys) {
    if (keysCache.size > 50_000) keysCache.clear();
    keys = typedKeys(tag);
    keysCache.set(tag, keys);
  }
  return keys;
}

/** Prefix or substring, by text or by the keys that type it (for a syllable still being composed). */
function matchOf(tag: string, query: string, queryKeys: string): TagSuggestion['match'] | null {
  if (query === '' || tag.startsWith(query)) return 'prefix';
  const { keys, starts } = keysOf(tag);
  if (keys.startsWith(queryKeys)) return 'prefix';
  if (tag.includes(query)) return 'substring';
  return starts.some((start) => start > 0 && keys.startsWith(queryKeys, start)) ? 'substring' : null;
}

/** The ranked suggestions for `query` (pure: the sources are passed in). */
export function rankTagSuggestions(query: string, sources: SuggestionSources, limit = 10): TagSuggestion[] {
  const folded = normaliseTag(query);
  const queryKeys = typedKeys(folded).keys;
  const selected = sources.selectionTags;
  const onSelected = new Map<string, number>();
  for (const list of selected)
    for (const tag of new Set(list)) onSelected.set(tag, (onSelected.get(tag) ?? 0) + 1);

  const platformCounts = new Map<string, number>();
  for (const { name, styleCount } of sources.platformTags) {
    // The server stores tags folded already; a tag it held from before today's rules is not offered.
    const checked = tagSchema.safeParse(name);
    if (checked.success)
      platformCounts.set(checked.data, Math.max(platformCounts.get(checked.data) ?? 0, styleCount));
  }

  const found: TagSuggestion[] = [];
  for (const tag of new Set([...sources.localCounts.keys(), ...platformCounts.keys()])) {
    const onCount = onSelected.get(tag) ?? 0;
    if (selected.length > 0 && onCount === selected.length) continue;
    const match = matchOf(tag, folded, queryKeys);
    if (!match) continue;
    const localCount = sources.localCounts.get(tag) ?? 0;
    found.push({
      tag,
      match,
      source: localCount > 0 ? 'local' : 'platform',
      localCount,
      platformCount: platformCounts.get(tag) ?? 0,
      onSomeSelected: onCount > 0,
    });
  }
  const count = (s: TagSuggestion) => (s.source === 'local' ? s.localCount : s.platformCount);
  return found
    .sort(
      (a, b) =>
        Number(a.match === 'substring') - Number(b.match === 'substring') ||
        Number(a.source === 'platform') - Number(b.source === 'platform') ||
        count(b) - count(a) ||
        byCodePoint(a.tag, b.tag),
    )
    .slice(0, limit);
}

export interface TagAutocompleteOptions {
  store: TagStore;
  /** The platform's popular tags as last fetched (empty when signed out or offline). */
  platformTags: () => readonly PopularTag[];
}

/** Suggestions over a TagStore; local counts are read once and kept until `invalidate` (on each edit). */
export class TagAutocomplete {
  private counts: Promise<Map<string, number>> | null = null;

  constructor(private readonly options: TagAutocompleteOptions) {}

  async suggest(input: SuggestTagsInput): Promise<TagSuggestion[]> {
    const { query, imageIds, limit } = parseInput(suggestTagsSchema, input);
    const counts = this.localCounts();
    const selection =
      imageIds.length > 0 ? await this.options.store.tagsOf(imageIds) : new Map<string, string[]>();
    return rankTagSuggestions(
      query,
      {
        localCounts: await counts,
        platformTags: this.options.platformTags(),
        selectionTags: [...selection.values()],
      },
      limit,
    );
  }

  /** Call when tags changed (the editor's onChange): the next suggestion reads fresh counts. */
  invalidate(): void {
    this.counts = null;
  }

  private localCounts(): Promise<Map<string, number>> {
    if (!this.counts) {
      const reading = this.options.store.tagCounts();
      this.counts = reading;
      // A failed read is not kept: the next keystroke tries again.
      reading.catch(() => {
        if (this.counts === reading) this.counts = null;
      });
    }
    return this.counts;
  }
}
