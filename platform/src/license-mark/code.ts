/**
 * Error correction for the mark: the rate-1/3, constraint-length-7 convolutional code of LTE
 * (generators 133, 171, 165 octal; free distance 15), terminated with 6 zero bits, and a soft-decision
 * Viterbi decoder (Viterbi 1967). 64 payload bits become 210 coded bits.
 *
 * Why this code: the detector's per-bit evidence is a real-valued correlation, not a hard bit, and
 * soft-decision Viterbi turns that into about 2 dB more margin than hard decisions (Proakis, Digital
 * Communications, ch. 8); a terminated code needs no interleaver across payloads and decodes 64 states
 * × 70 steps in well under a millisecond. Any 7 wrong hard bits are always corrected (d_free = 15);
 * with soft values, far more spread errors are.
 */

const K = 7;
const STATES = 1 << (K - 1);
const GENERATORS = [0o133, 0o171, 0o165] as const;
export const CODE_RATE_INVERSE = GENERATORS.length;
const TAIL = K - 1;

export const codedLength = (infoBits: number) => (infoBits + TAIL) * CODE_RATE_INVERSE;

function parity(value: number): number {
  value ^= value >> 4;
  value ^= value >> 2;
  value ^= value >> 1;
  return value & 1;
}

/** Output bits (0/1) of the shift register holding `register` (newest input in bit 6). */
const OUTPUTS: Uint8Array = (() => {
  const table = new Uint8Array(1 << K);
  for (let register = 0; register < 1 << K; register++) {
    let out = 0;
    GENERATORS.forEach((g, k) => (out |= parity(register & g) << k));
    table[register] = out;
  }
  return table;
})();

/** Coded bits (0/1) for the information bits, tail included. */
export function convolutionalEncode(bits: ArrayLike<number>): Uint8Array {
  const coded = new Uint8Array(codedLength(bits.length));
  let state = 0;
  for (let t = 0; t < bits.length + TAIL; t++) {
    const input = t < bits.length ? bits[t]! & 1 : 0;
    const register = (input << (K - 1)) | state;
    const out = OUTPUTS[register]!;
    for (let k = 0; k < CODE_RATE_INVERSE; k++) coded[t * CODE_RATE_INVERSE + k] = (out >> k) & 1;
    state = register >> 1;
  }
  return coded;
}

/**
 * Maximum-likelihood information bits for soft values (positive: bit 0 more likely, negative: bit 1;
 * the magnitude is the confidence). The metric is the correlation Σ soft·(±1), which is the
 * log-likelihood up to a constant for Gaussian noise, so only the values' ratios matter: the decoder is
 * indifferent to the image's contrast or the mark's strength.
 */
export function viterbiDecode(soft: ArrayLike<number>, infoBits: number): Uint8Array {
  const steps = infoBits + TAIL;
  if (soft.length !== steps * CODE_RATE_INVERSE) throw new Error('soft values do not match the code length');
  let metric = new Float64Array(STATES).fill(-Infinity);
  let next = new Float64Array(STATES);
  metric[0] = 0;
  // decisions[t * STATES + s]: the low bit of the state that led to s at step t.
  const decisions = new Uint8Array(steps * STATES);
  // Branch metrics for each of the 8 output patterns at this step.
  const branch = new Float64Array(1 << CODE_RATE_INVERSE);
  for (let t = 0; t < steps; t++) {
    for (let pattern = 0; pattern < branch.length; pattern++) {
      let sum = 0;
      for (let k = 0; k < CODE_RATE_INVERSE; k++) {
        const value = soft[t * CODE_RATE_INVERSE + k]!;
        sum += (pattern >> k) & 1 ? -value : value;
      }
      branch[pattern] = sum;
    }
    next.fill(-Infinity);
    const inputs = t < infoBits ? 2 : 1; // the tail only shifts zeros in
    for (let state = 0; state < STATES; state++) {
      const base = metric[state]!;
      if (base === -Infinity) continue;
      for (let input = 0; input < inputs; input++) {
        const register = (input << (K - 1)) | state;
        const to = register >> 1;
        const candidate = base + branch[OUTPUTS[register]!]!;
        if (candidate > next[to]!) {
          next[to] = candidate;
          decisions[t * STATES + to] = state & 1;
        }
      }
    }
    [metric, next] = [next, metric];
  }
  // Terminated: the path ends in state 0. Each state's top bit is the input that entered it.
  const bits = new Uint8Array(steps);
  let state = 0;
  for (let t = steps - 1; t >= 0; t--) {
    bits[t] = state >> (K - 2);
    state = ((state << 1) & (STATES - 1)) | decisions[t * STATES + state]!;
  }
  return bits.subarray(0, infoBits);
}

/**
 * Max-log-MAP reliabilities of the information bits (the forward-backward algorithm of Bahl, Cocke,
 * Jelinek & Raviv 1974 with max in place of sum): for each bit, the best path metric with that bit 0
 * minus the best with it 1. Its smallest magnitude is the metric gap between the decoded payload and
 * the best path with any other payload: a small gap means two payloads fit the evidence about equally
 * well, which is when a decoding error is likely (Forney's erasure decoding, 1968).
 */
export function bitReliabilities(soft: ArrayLike<number>, infoBits: number): Float64Array {
  const steps = infoBits + TAIL;
  const branchAt = (t: number, register: number) => {
    const out = OUTPUTS[register]!;
    let sum = 0;
    for (let k = 0; k < CODE_RATE_INVERSE; k++) {
      const value = soft[t * CODE_RATE_INVERSE + k]!;
      sum += (out >> k) & 1 ? -value : value;
    }
    return sum;
  };
  // forward[t * STATES + s]: best metric of a path from the start to state s before step t.
  const forward = new Float64Array((steps + 1) * STATES).fill(-Infinity);
  const backward = new Float64Array((steps + 1) * STATES).fill(-Infinity);
  forward[0] = 0;
  backward[steps * STATES] = 0;
  for (let t = 0; t < steps; t++)
    for (let state = 0; state < STATES; state++) {
      const base = forward[t * STATES + state]!;
      if (base === -Infinity) continue;
      for (let input = 0; input < (t < infoBits ? 2 : 1); input++) {
        const register = (input << (K - 1)) | state;
        const to = (t + 1) * STATES + (register >> 1);
        forward[to] = Math.max(forward[to]!, base + branchAt(t, register));
      }
    }
  for (let t = steps - 1; t >= 0; t--)
    for (let state = 0; state < STATES; state++)
      for (let input = 0; input < (t < infoBits ? 2 : 1); input++) {
        const register = (input << (K - 1)) | state;
        const next = backward[(t + 1) * STATES + (register >> 1)]!;
        if (next === -Infinity) continue;
        const at = t * STATES + state;
        backward[at] = Math.max(backward[at]!, next + branchAt(t, register));
      }
  const reliabilities = new Float64Array(infoBits);
  for (let t = 0; t < infoBits; t++) {
    const best = [-Infinity, -Infinity];
    for (let state = 0; state < STATES; state++) {
      const base = forward[t * STATES + state]!;
      if (base === -Infinity) continue;
      for (let input = 0; input < 2; input++) {
        const register = (input << (K - 1)) | state;
        const total = base + branchAt(t, register) + backward[(t + 1) * STATES + (register >> 1)]!;
        best[input] = Math.max(best[input]!, total);
      }
    }
    reliabilities[t] = best[0]! - best[1]!;
  }
  return reliabilities;
}
