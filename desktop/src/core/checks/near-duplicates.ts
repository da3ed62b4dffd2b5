/**
 * Near-duplicate search over 64-bit perceptual hashes with multi-index hashing: the bits are split into
 * more blocks than the distance allowed, so any two hashes within it agree exactly on at least one block
 * (pigeonhole) and only hashes sharing a block bucket are compared. Finds exactly the pairs a comparison of
 * every pair finds; groups are the connected components of those pairs (union-find).
 */

export interface HashedItem {
  id: string;
  /** 64-bit dHash as 16 hex digits. */
  hash: string;
}

export interface NearPair {
  /** Indices into the input, a < b. */
  a: number;
  b: number;
  distance: number;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Bits [start, start + length) of the 64-bit value hi:lo, length < 32, counted from the lowest bit. */
function bitsOf(hi: number, lo: number, start: number, length: number): number {
  const mask = (1 << length) - 1;
  if (start >= 32) return (hi >>> (start - 32)) & mask;
  if (start + length <= 32) return (lo >>> start) & mask;
  const fromLo = lo >>> start;
  const fromHi = hi & ((1 << (start + length - 32)) - 1);
  return ((fromHi << (32 - start)) | fromLo) & mask;
}

/**
 * Pairs of distinct hash values within `maxBits`, as indices into `distinct`. Each pair is reported once:
 * at the first block the two agree on, so no set of seen pairs is needed.
 */
function distinctNearPairs(distinct: readonly string[], maxBits: number): NearPair[] {
  const n = distinct.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    hi[i] = Number.parseInt(distinct[i]!.slice(0, 8), 16);
    lo[i] = Number.parseInt(distinct[i]!.slice(8, 16), 16);
  }
  // More blocks than maxBits + 1 stay correct (still one exact match at least); four at least keep a
  // block at 16 bits, so its bucket table has 65,536 entries at most.
  const blocks = Math.max(4, maxBits + 1);
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let b = 0, start = 0; b < blocks; b++) {
    const length = Math.floor(64 / blocks) + (b < 64 % blocks ? 1 : 0);
    starts.push(start);
    lengths.push(length);
    start += length;
  }
  const keys = new Uint32Array(n * blocks);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < blocks; b++) keys[i * blocks + b] = bitsOf(hi[i]!, lo[i]!, starts[b]!, lengths[b]!);
  }
  const pairs: NearPair[] = [];
  const order = new Int32Array(n);
  for (let b = 0; b < blocks; b++) {
    // Buckets by counting sort (a block holds at most 32 bits, in practice ~10): no Map, no per-bucket array.
    const buckets = 2 ** lengths[b]!;
    const starts = new Int32Array(buckets + 1);
    for (let i = 0; i < n; i++) starts[keys[i * blocks + b]! + 1]!++;
    for (let k = 0; k < buckets; k++) starts[k + 1]! += starts[k]!;
    const fill = starts.slice(0, buckets);
    for (let i = 0; i < n; i++) order[fill[keys[i * blocks + b]!]!++] = i;
    for (let k = 0; k < buckets; k++) {
      const end = starts[k + 1]!;
      for (let x = starts[k]!; x < end; x++) {
        const i = order[x]!;
        for (let y = x + 1; y < end; y++) {
          const j = order[y]!;
          const distance = popcount32(hi[i]! ^ hi[j]!) + popcount32(lo[i]! ^ lo[j]!);
          if (distance > maxBits) continue;
          let seenEarlier = false;
          for (let e = 0; e < b && !seenEarlier; e++)
            seenEarlier = keys[i * blocks + e] === keys[j * blocks + e];
          if (!seenEarlier) pairs.push({ a: Math.min(i, j), b: Math.max(i, j), distance });
        }
      }
    }
  }
  return pairs;
}

const HASH = /^[0-9a-f]{16}$/;

/** Identical hashes collapse first, so a cluster of copies costs one index entry, not a crowded bucket. */
function collapseIdentical(hashes: readonly string[], maxBits: number) {
  if (!Number.isInteger(maxBits) || maxBits < 0 || maxBits > 63) throw new RangeError(`maxBits ${maxBits}`);
  const bad = hashes.find((hash) => !HASH.test(hash));
  if (bad !== undefined) throw new RangeError(`not a 64-bit hash as 16 hex digits: ${bad}`);
  const distinctIndex = new Map<string, number>();
  const members: number[][] = [];
  hashes.forEach((hash, i) => {
    const at = distinctIndex.get(hash);
    if (at === undefined) {
      distinctIndex.set(hash, members.length);
      members.push([i]);
    } else members[at]!.push(i);
  });
  return { distinct: [...distinctIndex.keys()], members };
}

/** Every pair of inputs within `maxBits` of each other (identical hashes included), sorted by a then b. */
export function nearDuplicatePairs(hashes: readonly string[], maxBits: number): NearPair[] {
  const { distinct, members } = collapseIdentical(hashes, maxBits);
  const pairs: NearPair[] = [];
  for (const group of members) {
    for (let x = 0; x < group.length; x++)
      for (let y = x + 1; y < group.length; y++) pairs.push({ a: group[x]!, b: group[y]!, distance: 0 });
  }
  for (const pair of distinctNearPairs(distinct, maxBits)) {
    for (const i of members[pair.a]!)
      for (const j of members[pair.b]!)
        pairs.push({ a: Math.min(i, j), b: Math.max(i, j), distance: pair.distance });
  }
  return pairs.sort((p, q) => p.a - q.a || p.b - q.b);
}

class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!; // path halving keeps later finds short
      x = this.parent[x]!;
    }
    return x;
  }
  union(x: number, y: number): void {
    let a = this.find(x);
    let b = this.find(y);
    if (a === b) return;
    if (this.size[a]! < this.size[b]!) [a, b] = [b, a];
    this.parent[b] = a;
    this.size[a]! += this.size[b]!;
  }
}

/**
 * Groups of two or more items linked by chains of near pairs (A~B and B~C put A, B, C together even when A
 * and C are further apart), each in input order, groups ordered by their first item.
 */
export function groupNearDuplicates(items: readonly HashedItem[], maxBits: number): string[][] {
  const { distinct, members } = collapseIdentical(
    items.map((item) => item.hash),
    maxBits,
  );
  const sets = new DisjointSets(items.length);
  for (const group of members) for (const i of group) sets.union(group[0]!, i);
  for (const pair of distinctNearPairs(distinct, maxBits))
    sets.union(members[pair.a]![0]!, members[pair.b]![0]!);
  const groups = new Map<number, string[]>();
  items.forEach((item, i) => {
    const root = sets.find(i);
    const group = groups.get(root);
    if (group) group.push(item.id);
    else groups.set(root, [item.id]);
  });
  return [...groups.values()].filter((group) => group.length > 1);
}
