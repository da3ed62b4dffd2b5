/**
 * The behaviour every TagStore (model.ts) must show, run against each implementation by its own test
 * file: the PGlite catalog and the tag editor's in-memory store. Tag editing relies on exactly this.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TagStore } from '../src/core/model';

export interface TagStoreTarget {
  store: TagStore;
  /** Ids of at least three images in the store, none of them tagged yet. */
  imageIds: string[];
  close?(): Promise<void>;
}

/** A uuid no store has handed out: unknown to every implementation, whatever its id format. */
const unknownId = () => randomUUID();

export function describeTagStoreContract(name: string, open: () => Promise<TagStoreTarget>): void {
  describe(`${name}: TagStore contract`, () => {
    let target: TagStoreTarget;
    let a: string, b: string, c: string;
    beforeEach(async () => {
      target = await open();
      expect(target.imageIds.length).toBeGreaterThanOrEqual(3);
      [a, b, c] = target.imageIds as [string, string, string];
    });
    afterEach(() => target.close?.());
    const store = () => target.store;
    const snapshot = async () => Object.fromEntries(await store().tagsOf([a, b, c]));

    it('starts untagged; tagsOf answers every known id and leaves unknown ids out', async () => {
      const missing = unknownId();
      const tags = await store().tagsOf([a, missing, b]);
      expect([...tags.keys()].sort()).toEqual([a, b].sort());
      expect(tags.get(a)).toEqual([]);
      expect(await store().tagCounts()).toEqual(new Map());
    });

    it('setTags replaces whole lists, keeping the given order; an empty list clears', async () => {
      await store().setTags([
        { imageId: a, tags: ['sky', 'watercolor', 'blue'] },
        { imageId: b, tags: ['ink'] },
      ]);
      expect(await snapshot()).toEqual({ [a]: ['sky', 'watercolor', 'blue'], [b]: ['ink'], [c]: [] });
      await store().setTags([{ imageId: a, tags: ['blue', 'sky'] }]);
      await store().setTags([{ imageId: b, tags: [] }]);
      expect(await snapshot()).toEqual({ [a]: ['blue', 'sky'], [b]: [], [c]: [] });
    });

    it('stores the spelling tagSchema gives, and a tag twice only once, at its first place', async () => {
      await store().setTags([{ imageId: a, tags: [' Sky  Blue ', 'WATERCOLOR', 'sky blue', '수채화'] }]);
      expect((await store().tagsOf([a])).get(a)).toEqual(['sky blue', 'watercolor', '수채화']);
    });

    it('a tag tagSchema refuses fails the whole call with VALIDATION_FAILED and changes nothing', async () => {
      await store().setTags([{ imageId: a, tags: ['kept'] }]);
      const before = await snapshot();
      for (const bad of ['', 'a,b', '<b>', 'x'.repeat(200)]) {
        await expect(
          store().setTags([
            { imageId: b, tags: ['fine'] },
            { imageId: a, tags: ['also fine', bad] },
          ]),
        ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      expect(await snapshot()).toEqual(before);
    });

    it('an unknown image fails the whole call with NOT_FOUND and changes nothing', async () => {
      await store().setTags([{ imageId: a, tags: ['kept'] }]);
      const before = await snapshot();
      await expect(
        store().setTags([
          { imageId: a, tags: ['changed'] },
          { imageId: unknownId(), tags: ['ghost'] },
          { imageId: b, tags: ['changed'] },
        ]),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await snapshot()).toEqual(before);
      expect(await store().tagCounts()).toEqual(new Map([['kept', 1]]));
    });

    it('an image named twice in one call is refused (VALIDATION_FAILED), changing nothing', async () => {
      await expect(
        store().setTags([
          { imageId: a, tags: ['one'] },
          { imageId: a, tags: ['two'] },
        ]),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await snapshot()).toEqual({ [a]: [], [b]: [], [c]: [] });
    });

    it('tagCounts counts the images carrying each tag; a tag nobody carries is absent', async () => {
      await store().setTags([
        { imageId: a, tags: ['sky', 'ink'] },
        { imageId: b, tags: ['sky'] },
        { imageId: c, tags: ['sky', 'moon'] },
      ]);
      expect(await store().tagCounts()).toEqual(
        new Map([
          ['sky', 3],
          ['ink', 1],
          ['moon', 1],
        ]),
      );
      await store().setTags([{ imageId: c, tags: ['sky'] }]);
      const counts = await store().tagCounts();
      expect(counts.has('moon')).toBe(false);
      expect(counts.get('sky')).toBe(3);
    });

    it('lists are copies: changing what went in or came out does not change the store', async () => {
      const given = ['sky', 'ink'];
      await store().setTags([{ imageId: a, tags: given }]);
      given.push('changed');
      (await store().tagsOf([a])).get(a)!.push('changed too');
      expect((await store().tagsOf([a])).get(a)).toEqual(['sky', 'ink']);
    });

    it('an empty change list is a no-op', async () => {
      await store().setTags([{ imageId: a, tags: ['sky'] }]);
      await store().setTags([]);
      expect(await snapshot()).toEqual({ [a]: ['sky'], [b]: [], [c]: [] });
    });
  });
}
