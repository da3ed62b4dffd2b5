// The numbers the schemas enforce, in a module of their own: a client that only shows a limit (a character
// count, a tag cap) names it without loading the schema library.

/** Most tags on one style, and on one training image. */
export const MAX_TAGS = 20;
/** Longest tag, in Unicode code points after normalising (so 32 Hangul syllables fit, typed as NFD or not). */
export const MAX_TAG_LENGTH = 32;
export const STYLE_NAME_MAX = 80;
export const STYLE_DESCRIPTION_MAX = 2000;
export const STYLE_SORTS = ['newest', 'popular'] as const;
export type StyleSort = (typeof STYLE_SORTS)[number];
export const SEARCH_PAGE_MAX = 50;

export const GENERATION_TEXT_MAX = 500;
export const SEED_MAX = 2_147_483_647;

/** Longest comment and image description, in Unicode code points (so emoji count once). */
export const COMMENT_MAX = 1000;
export const IMAGE_DESCRIPTION_MAX = 1000;
export const FEED_PAGE_MAX = 50;

/** Length as a person counts it: code points, so an emoji or an astral Hanja counts once. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
