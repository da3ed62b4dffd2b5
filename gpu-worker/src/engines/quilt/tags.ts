/**
 * Tags connect prompts to training images: both sides are normalised the same way, and generation draws
 * its patches from the images whose tags best match the prompt's (Jaccard similarity).
 */

/** Images scoring at least this share of the best score join the source set. */
const NEAR_BEST = 0.5;

/** Lower-case, trimmed, inner whitespace collapsed, empty and duplicate tags dropped, sorted. */
export function normaliseTags(tags: readonly string[]): string[] {
  const clean = tags.map((tag) => tag.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' '));
  return [...new Set(clean.filter((tag) => tag.length > 0))].sort();
}

/** |A ∩ B| / |A ∪ B| over normalised tag lists; 0 when both are empty. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a);
  const shared = b.filter((tag) => set.has(tag)).length;
  const union = set.size + b.length - shared;
  return union === 0 ? 0 : shared / union;
}

export interface SourceSelection {
  /** Indices of the training images whose patches feed the generation, ascending. */
  indices: number[];
  /** False when no image shares a tag with the prompt and every image is used. */
  matched: boolean;
}

export function selectSourceImages(imageTags: readonly (readonly string[])[], promptTags: readonly string[]) {
  const prompt = normaliseTags(promptTags);
  const scores = imageTags.map((tags) => jaccard(prompt, tags));
  const best = Math.max(0, ...scores);
  if (best === 0) return { indices: imageTags.map((_, i) => i), matched: false } satisfies SourceSelection;
  const indices = scores.flatMap((score, i) => (score >= best * NEAR_BEST ? [i] : []));
  return { indices, matched: true } satisfies SourceSelection;
}

/** Tag → indices of the images carrying it: the model's index of its patch library. */
export function indexTags(imageTags: readonly (readonly string[])[]): Record<string, number[]> {
  // A Map first: tags are user text, and one named "__proto__" must stay an ordinary key.
  const index = new Map<string, number[]>();
  imageTags.forEach((tags, i) => tags.forEach((tag) => index.set(tag, [...(index.get(tag) ?? []), i])));
  return Object.fromEntries([...index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
