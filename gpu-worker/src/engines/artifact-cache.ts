/**
 * The worker's in-memory caches: least-recently-used, bounded by a cost budget (bytes for model
 * artifacts), loading on a miss through a function the caller passes. Concurrent requests for a key
 * that is loading share that one load; a failed load is not cached, so the next request tries again.
 * Invariants: the kept entries' total cost never exceeds the budget (a value costlier than the whole
 * budget is returned but not kept), and cached values are the loaded ones, never copies.
 */

export interface LruCacheOptions<V> {
  /** Budget for the sum of `costOf` over kept entries. */
  maxCost: number;
  costOf: (value: V) => number;
  /** Told of every request: `true` when answered as a hit (see LruCacheStats), `false` when it loads. */
  onLookup?: (hit: boolean) => void;
}

export interface LruCacheStats {
  /** Requests answered from a kept entry or by joining a load in flight. */
  hits: number;
  /** Calls made to a loader. */
  loads: number;
  evictions: number;
  entries: number;
  cost: number;
}

export interface LruCache<V> {
  /** The kept value, the load in flight, or a new load through `load`. */
  get(key: string, load: (key: string) => Promise<V>): Promise<V>;
  /** Whether a loaded value is kept (loads in flight do not count). */
  has(key: string): boolean;
  stats(): LruCacheStats;
  clear(): void;
}

export function createLruCache<V>({ maxCost, costOf, onLookup }: LruCacheOptions<V>): LruCache<V> {
  if (!(maxCost >= 0)) throw new RangeError('maxCost must be ≥ 0');
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const kept = new Map<string, { value: V; cost: number }>();
  const loading = new Map<string, Promise<V>>();
  let cost = 0;
  let hits = 0;
  let loads = 0;
  let evictions = 0;

  function keep(key: string, value: V) {
    const size = costOf(value);
    if (size > maxCost) return;
    const previous = kept.get(key);
    if (previous) {
      kept.delete(key);
      cost -= previous.cost;
    }
    kept.set(key, { value, cost: size });
    cost += size;
    for (const [oldest, entry] of kept) {
      if (cost <= maxCost) break;
      kept.delete(oldest);
      cost -= entry.cost;
      evictions++;
    }
  }

  return {
    get(key, load) {
      const entry = kept.get(key);
      if (entry) {
        hits++;
        onLookup?.(true);
        kept.delete(key);
        kept.set(key, entry);
        return Promise.resolve(entry.value);
      }
      const pending = loading.get(key);
      if (pending) {
        hits++;
        onLookup?.(true);
        return pending;
      }
      loads++;
      onLookup?.(false);
      // Started on a later tick, so even a loader that throws synchronously is registered, then cleared.
      const promise = Promise.resolve()
        .then(() => load(key))
        .then((value) => {
          keep(key, value);
          return value;
        })
        .finally(() => loading.delete(key));
      loading.set(key, promise);
      return promise;
    },
    has: (key) => kept.has(key),
    stats: () => ({ hits, loads, evictions, entries: kept.size, cost }),
    clear() {
      kept.clear();
      cost = 0;
    },
  };
}

/** Model artifacts (and other immutable objects) by storage key, within a byte budget. */
export type ArtifactCache = LruCache<Uint8Array>;

/** Enough for dozens of quilt models (a few MB each) or a handful of LoRA weights. */
export const DEFAULT_ARTIFACT_CACHE_BYTES = 256 * 1024 * 1024;

export function createArtifactCache({
  maxBytes = DEFAULT_ARTIFACT_CACHE_BYTES,
  onLookup,
}: { maxBytes?: number; onLookup?: (hit: boolean) => void } = {}): ArtifactCache {
  return createLruCache<Uint8Array>({ maxCost: maxBytes, costOf: (bytes) => bytes.byteLength, onLookup });
}
