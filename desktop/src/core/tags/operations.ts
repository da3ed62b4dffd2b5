/**
 * The tag operations a renderer can ask for: their input schemas, and what each makes of one image's list.
 * Invariants: planners are pure (a list in, a list out, never mutated); results hold no repeats and stay
 * in the artist's order except where the operation is about order.
 */
import { z } from 'zod';
import { tagSchema } from '@style-license/shared';
import { imageIdSchema, imageIdsSchema, MAX_IMAGE_TAGS, typedTagsSchema } from './input';

export const addTagsSchema = z.object({
  imageIds: imageIdsSchema,
  tags: typedTagsSchema,
  /** Where new tags go; tags an image already has stay where they are. */
  at: z.enum(['start', 'end']).default('end'),
});
export type AddTagsInput = z.input<typeof addTagsSchema>;

export const removeTagsSchema = z.object({ imageIds: imageIdsSchema, tags: typedTagsSchema });
export type RemoveTagsInput = z.input<typeof removeTagsSchema>;

export const renameTagSchema = z.object({
  from: tagSchema,
  to: tagSchema,
  /** Only these images; left out, every image in the library that carries `from`. */
  imageIds: imageIdsSchema.optional(),
});
export type RenameTagInput = z.input<typeof renameTagSchema>;

export const setImageTagsSchema = z.object({
  imageId: imageIdSchema,
  // An exact list may be empty (clearing an image), unlike the typed tags of add and remove.
  tags: z
    .array(tagSchema)
    .max(MAX_IMAGE_TAGS)
    .transform((tags) => [...new Set(tags)]),
});
export type SetImageTagsInput = z.input<typeof setImageTagsSchema>;

export const moveTagsSchema = z.object({
  imageIds: imageIdsSchema,
  tags: typedTagsSchema,
  /** The named tags, in the order given, go first (a trigger word leads a caption) or last. */
  to: z.enum(['start', 'end']),
});
export type MoveTagsInput = z.input<typeof moveTagsSchema>;

export const sortTagsSchema = z.object({
  imageIds: imageIdsSchema,
  /** `name` in code-point order (가나다 for Hangul), `count` most used in the library first. */
  by: z.enum(['name', 'count']),
});
export type SortTagsInput = z.input<typeof sortTagsSchema>;

/** Lists from elsewhere (caption sidecars), written as one step. */
export const importTagListsSchema = z.object({
  lists: z
    .array(
      z.object({
        imageId: imageIdSchema,
        // A caption over the limit is not refused whole: the editor keeps the first MAX_IMAGE_TAGS.
        tags: z
          .array(tagSchema)
          .max(10_000)
          .transform((tags) => [...new Set(tags)]),
      }),
    )
    .min(1)
    .max(100_000)
    .refine((lists) => new Set(lists.map((l) => l.imageId)).size === lists.length, {
      message: 'Each image appears once',
    }),
  /** `replace`: the list becomes the image's tags; `append`: added after the image's own. */
  mode: z.enum(['replace', 'append']).default('replace'),
});
export type ImportTagListsInput = z.input<typeof importTagListsSchema>;

export function withTagsAdded(
  list: readonly string[],
  tags: readonly string[],
  at: 'start' | 'end',
): string[] {
  const fresh = tags.filter((tag) => !list.includes(tag));
  return at === 'start' ? [...fresh, ...list] : [...list, ...fresh];
}

export function withTagsRemoved(list: readonly string[], tags: readonly string[]): string[] {
  const gone = new Set(tags);
  return list.filter((tag) => !gone.has(tag));
}

/** `from` becomes `to` in place; where the image already has `to`, the earlier of the two positions wins. */
export function withTagRenamed(list: readonly string[], from: string, to: string): string[] {
  return [...new Set(list.map((tag) => (tag === from ? to : tag)))];
}

export function withTagsMoved(
  list: readonly string[],
  tags: readonly string[],
  to: 'start' | 'end',
): string[] {
  const moved = tags.filter((tag) => list.includes(tag));
  const rest = withTagsRemoved(list, moved);
  return to === 'start' ? [...moved, ...rest] : [...rest, ...moved];
}

/** Code-point order, the same on every machine (no locale), as the server orders tag names. */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function withTagsSorted(
  list: readonly string[],
  by: 'name' | 'count',
  counts: ReadonlyMap<string, number>,
): string[] {
  if (by === 'name') return [...list].sort(byCodePoint);
  return [...list].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || byCodePoint(a, b));
}
