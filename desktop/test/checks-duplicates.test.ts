// Near-duplicate groups: resized and re-encoded copies of an artwork are found, distinct artworks are not,
// and the index finds exactly the pairs that comparing every pair finds (seeded property check).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkSelection,
  groupNearDuplicates,
  nearDuplicatePairs,
  NEAR_DUPLICATE_BITS,
} from '../src/core/checks';
import type { NearPair } from '../src/core/checks';
import { bruteForcePairs, catalogRecordFor, hashesWithNearCopies, makeArtwork } from './checks-fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'checks-dups-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const COPIES = {
  original: (art: Sharp) => art.png(),
  half: (art: Sharp) => art.resize(512).png(),
  threeQuarters: (art: Sharp) => art.resize(768).jpeg({ quality: 90 }),
  jpegQ60: (art: Sharp) => art.jpeg({ quality: 60 }),
  webp: (art: Sharp) => art.webp(),
};

describe('near-duplicate groups over generated artworks', () => {
  it('groups each artwork with its 50% and 75% resized, JPEG q60 and WebP copies, and nothing else', async () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const records = (
      await Promise.all(
        seeds.map(async (seed) => {
          const art = await makeArtwork(seed, 1024, 1024);
          return Promise.all(
            Object.entries(COPIES).map(async ([name, encode]) => {
              const path = join(dir, `art-${seed}-${name}.${name === 'webp' ? 'webp' : 'img'}`);
              await encode(art.clone()).toFile(path);
              return catalogRecordFor(path, { id: `${seed}/${name}` });
            }),
          );
        }),
      )
    ).flat();
    const groups = checkSelection({ images: records })
      .problems.filter((p) => p.code === 'near_duplicates')
      .map((p) => p.imageIds);
    expect(groups).toEqual(seeds.map((seed) => Object.keys(COPIES).map((name) => `${seed}/${name}`)));
  }, 60_000);

  it('finds no group among 300 distinct artworks', async () => {
    const records = [];
    for (let seed = 1000; seed < 1300; seed++) {
      const path = join(dir, `distinct-${seed}.jpg`);
      await (await makeArtwork(seed, 256, 256)).jpeg({ quality: 85 }).toFile(path);
      records.push(await catalogRecordFor(path, { id: `distinct-${seed}` }));
    }
    const hashes = records.map((r) => r.perceptualHash!);
    expect(new Set(hashes).size).toBe(300);
    expect(
      groupNearDuplicates(
        records.map((r) => ({ id: r.id, hash: r.perceptualHash! })),
        NEAR_DUPLICATE_BITS,
      ),
    ).toEqual([]);
    // How far apart they are, for whoever tunes the generator: reported, not asserted.
    const closest = nearDuplicatePairs(hashes, 16).reduce((min, p) => Math.min(min, p.distance), 64);
    console.log(
      `300 distinct artworks: closest pair ${closest} bits apart (threshold ${NEAR_DUPLICATE_BITS})`,
    );
  }, 60_000);
});

/** Connected components of the pairs, as sorted id lists, for comparing groupings. */
function components(count: number, pairs: readonly NearPair[]): string[][] {
  const neighbours = Array.from({ length: count }, () => [] as number[]);
  for (const { a, b } of pairs) {
    neighbours[a]!.push(b);
    neighbours[b]!.push(a);
  }
  const seen = new Uint8Array(count);
  const found: string[][] = [];
  for (let start = 0; start < count; start++) {
    if (seen[start] || neighbours[start]!.length === 0) continue;
    const group: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const at = stack.pop()!;
      group.push(at);
      for (const next of neighbours[at]!) {
        if (seen[next]) continue;
        seen[next] = 1;
        stack.push(next);
      }
    }
    found.push(group.sort((x, y) => x - y).map(String));
  }
  return found;
}

describe('the multi-index search', () => {
  it('finds exactly the pairs brute force finds among 20,000 hashes, and the same groups', () => {
    const hashes = hashesWithNearCopies(20_000, 2024);
    let started = performance.now();
    const indexed = nearDuplicatePairs(hashes, NEAR_DUPLICATE_BITS);
    const indexedMs = performance.now() - started;
    started = performance.now();
    const brute = bruteForcePairs(hashes, NEAR_DUPLICATE_BITS);
    const bruteMs = performance.now() - started;
    console.log(
      `20,000 hashes, ≤ ${NEAR_DUPLICATE_BITS} bits: index ${indexedMs.toFixed(0)} ms, brute force ` +
        `${bruteMs.toFixed(0)} ms, ${brute.length} pairs`,
    );
    expect(brute.length).toBeGreaterThan(1000); // the planted neighbours make it a real test
    expect(indexed).toEqual(brute);

    const groups = groupNearDuplicates(
      hashes.map((hash, i) => ({ id: String(i), hash })),
      NEAR_DUPLICATE_BITS,
    );
    const sortedGroups = (list: string[][]) =>
      list.map((g) => [...g].sort((x, y) => +x - +y)).sort((x, y) => +x[0]! - +y[0]!);
    expect(sortedGroups(groups)).toEqual(sortedGroups(components(hashes.length, brute)));
  }, 60_000);

  it('agrees with brute force at every threshold from 0 to 12 bits', () => {
    for (let maxBits = 0; maxBits <= 12; maxBits++) {
      const hashes = hashesWithNearCopies(1500, 7 + maxBits);
      expect(nearDuplicatePairs(hashes, maxBits)).toEqual(bruteForcePairs(hashes, maxBits));
    }
  });

  it('links a chain A~B~C into one group even when A and C are further apart than the threshold', () => {
    const a = '0000000000000000';
    const b = '000000000000003f'; // 6 bits from a
    const c = '0000000000000fff'; // 6 bits from b, 12 from a
    expect(
      groupNearDuplicates(
        [
          { id: 'a', hash: a },
          { id: 'far', hash: 'ffffffffffffffff' },
          { id: 'c', hash: c },
          { id: 'b', hash: b },
        ],
        6,
      ),
    ).toEqual([['a', 'c', 'b']]);
  });
});
