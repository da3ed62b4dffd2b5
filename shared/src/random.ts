/**
 * Seeded randomness: the same seed always gives the same sequence, on any machine. Used wherever a
 * result must be reproducible (the quilt engine's choices, generated test pictures and hash sets).
 */

/** A uniform draw in [0, 1). */
export type Random = () => number;

/** mulberry32: a tiny, fast 32-bit generator; plenty for sampling and test data, not for secrets. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
