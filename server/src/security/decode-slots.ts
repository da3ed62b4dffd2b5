/**
 * Few large image decodes at a time in one server process. A checked upload may be a 40-megapixel
 * canvas, about 160 MB of raw pixels while it is trimmed or resized: without a bound, a burst of such
 * uploads (each within the API rate limit) could exhaust the process's memory. Callers wait in order.
 */
export const DECODES_AT_ONCE = 2;

let running = 0;
const waiting: (() => void)[] = [];

export async function withDecodeSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < DECODES_AT_ONCE) running++;
  // A finished decode hands its slot straight to the next in line, so a newcomer cannot slip past.
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** For tests: decodes under way and waiting. */
export const decodeSlots = () => ({ running, waiting: waiting.length });
