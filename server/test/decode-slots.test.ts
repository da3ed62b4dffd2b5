import { describe, expect, it } from 'vitest';
import { DECODES_AT_ONCE, decodeSlots, withDecodeSlot } from '../src/security/decode-slots';

describe('decode slots', () => {
  it(`runs at most ${DECODES_AT_ONCE} decodes at once, the rest in order, and frees every slot after failures`, async () => {
    let now = 0;
    let most = 0;
    const order: number[] = [];
    const work = (n: number) =>
      withDecodeSlot(async () => {
        now++;
        most = Math.max(most, now);
        await new Promise((r) => setTimeout(r, 10));
        order.push(n);
        now--;
        if (n % 3 === 0) throw new Error(`decode ${n} failed`);
        return n;
      });
    const results = await Promise.allSettled(Array.from({ length: 9 }, (_, n) => work(n)));
    expect(most).toBe(DECODES_AT_ONCE);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
    expect(decodeSlots()).toEqual({ running: 0, waiting: 0 });
  });
});
