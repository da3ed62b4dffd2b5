/**
 * The worker's artifact cache (what a generation loads its model through): least recently used goes
 * first, the byte budget holds, one load per key however many ask at once, failures are not remembered.
 */
import { describe, expect, it } from 'vitest';
import { createArtifactCache } from '../src/engines/artifact-cache';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

function loader() {
  const calls: string[] = [];
  const load = async (key: string) => {
    calls.push(key);
    return bytes(Number(key.split(':')[1]));
  };
  return { calls, load };
}

describe('artifact cache', () => {
  it('keeps entries within the byte budget, evicting the least recently used first', async () => {
    const cache = createArtifactCache({ maxBytes: 100 });
    const { calls, load } = loader();
    await cache.get('a:40', load);
    await cache.get('b:40', load);
    await cache.get('a:40', load); // a is now more recent than b
    await cache.get('c:40', load); // 120 bytes: b goes
    expect(cache.has('a:40')).toBe(true);
    expect(cache.has('b:40')).toBe(false);
    expect(cache.has('c:40')).toBe(true);
    expect(cache.stats()).toMatchObject({ entries: 2, cost: 80, evictions: 1, loads: 3, hits: 1 });
    await cache.get('b:40', load);
    expect(calls).toEqual(['a:40', 'b:40', 'c:40', 'b:40']);
  });

  it('concurrent requests for one key share a single load and get the same bytes', async () => {
    const cache = createArtifactCache();
    let release!: () => void;
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise<void>((r) => (release = r));
      return bytes(10);
    };
    const first = cache.get('m', load);
    const second = cache.get('m', load);
    await new Promise((r) => setTimeout(r, 0));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(loads).toBe(1);
    expect(a).toBe(b);
    expect(cache.stats()).toMatchObject({ loads: 1, hits: 1 });
  });

  it('a failed load is not cached: the next request loads again', async () => {
    const cache = createArtifactCache();
    let attempts = 0;
    const load = async () => {
      if (++attempts === 1) throw new Error('storage hiccup');
      return bytes(5);
    };
    await expect(cache.get('m', load)).rejects.toThrow('storage hiccup');
    expect(cache.has('m')).toBe(false);
    await expect(cache.get('m', load)).resolves.toHaveLength(5);
    expect(attempts).toBe(2);
  });

  it('a loader that throws synchronously rejects the request and leaves nothing in flight', async () => {
    const cache = createArtifactCache();
    const load = (): Promise<Uint8Array> => {
      throw new Error('bad key');
    };
    await expect(cache.get('m', load)).rejects.toThrow('bad key');
    await expect(cache.get('m', async () => bytes(3))).resolves.toHaveLength(3);
  });

  it('an artifact larger than the whole budget is returned but not kept', async () => {
    const cache = createArtifactCache({ maxBytes: 100 });
    const { load } = loader();
    await cache.get('small:30', load);
    expect(await cache.get('huge:500', load)).toHaveLength(500);
    expect(cache.has('huge:500')).toBe(false);
    expect(cache.has('small:30')).toBe(true);
    expect(cache.stats().cost).toBe(30);
  });
});
