/**
 * A TagStore in memory for tag-editing tests, held to the same contract as the catalog
 * (tag-store-contract.ts): unknown ids left out of reads, tags folded by tagSchema, writes all or nothing.
 */
import { z } from 'zod';
import { AppError, parseInput, tagSchema } from '@style-license/shared';
import type { TagChange, TagStore } from '../src/core/model';
import { MAX_IMAGE_TAGS } from '../src/core/tags';

const changesSchema = z
  .array(
    z.object({
      imageId: z.string(),
      tags: z
        .array(tagSchema)
        .max(MAX_IMAGE_TAGS)
        .transform((tags) => [...new Set(tags)]),
    }),
  )
  .refine((changes) => new Set(changes.map((c) => c.imageId)).size === changes.length, {
    message: 'An image is named twice in one call',
  });

export class MemoryTagStore implements TagStore {
  private readonly tags = new Map<string, string[]>();
  /** How many setTags calls wrote something (a test of "no-op writes nothing" counts them). */
  writes = 0;
  /** Set to make the next setTags fail (as a database might), after validating. */
  failNextWrite: Error | null = null;

  constructor(initial: Iterable<readonly [string, readonly string[]]> = []) {
    for (const [id, list] of initial) this.tags.set(id, [...list]);
  }

  /** Adds images (as a scan would), with their tags. */
  addImages(entries: Iterable<readonly [string, readonly string[]]>): void {
    for (const [id, list] of entries) this.tags.set(id, [...list]);
  }

  removeImage(id: string): void {
    this.tags.delete(id);
  }

  async tagsOf(imageIds: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const id of imageIds) {
      const list = this.tags.get(id);
      if (list) found.set(id, [...list]);
    }
    return found;
  }

  async setTags(input: readonly TagChange[]): Promise<void> {
    // As the catalog does: the whole call is parsed first (tags folded by tagSchema), then ids are checked.
    const changes = parseInput(changesSchema, input);
    const unknown = changes.find(({ imageId }) => !this.tags.has(imageId));
    if (unknown) throw new AppError('NOT_FOUND', `No image ${unknown.imageId}`);
    if (this.failNextWrite) {
      const error = this.failNextWrite;
      this.failNextWrite = null;
      throw error;
    }
    if (changes.length === 0) return;
    for (const { imageId, tags } of changes) this.tags.set(imageId, tags);
    this.writes += 1;
  }

  async tagCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const list of this.tags.values())
      for (const tag of list) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return counts;
  }

  /** What the catalog's tag filter answers: every image carrying `tag`. */
  async imagesWithTag(tag: string): Promise<string[]> {
    return [...this.tags].filter(([, list]) => list.includes(tag)).map(([id]) => id);
  }

  /** A deep copy of every image's list, to compare whole states before and after. */
  snapshot(): Map<string, string[]> {
    return new Map([...this.tags].map(([id, list]) => [id, [...list]]));
  }
}
