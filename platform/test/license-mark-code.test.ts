/**
 * The license mark's payload and error correction, without images: the license-id payload and its
 * CRC, and the convolutional code correcting bit errors within its capacity (any 7 hard errors, since
 * its free distance is 15; many more when they are spread and the decoder gets soft values).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRandom } from '@style-license/shared';
import { bitReliabilities, convolutionalEncode, codedLength, viterbiDecode } from '../src/license-mark/code';
import {
  crc16,
  isMarkPayload,
  licensePrefixOf,
  markPayloadOf,
  payloadBits,
  payloadOfBits,
} from '../src/license-mark/payload';
import { thresholdFor } from '../src/license-mark/detect';

const softOf = (coded: Uint8Array) => Float64Array.from(coded, (bit) => 1 - 2 * bit);

describe('license mark payload', () => {
  it('carries the first 48 bits of the license id and a CRC-16 over them', () => {
    const id = '1b4e28ba-2fa1-4d2b-883f-0016d3cca427';
    const payload = markPayloadOf(id);
    expect(payload >> 16n).toBe(0x1b4e28ba2fa1n);
    expect(Number(payload & 0xffffn)).toBe(crc16(0x1b4e28ba2fa1n));
    expect(licensePrefixOf(payload)).toBe('1b4e28ba-2fa1');
    expect(id.startsWith(licensePrefixOf(payload))).toBe(true);
    // The version nibble (13th hex digit) and variant bits are not part of it.
    expect(licensePrefixOf(payload)).not.toContain('4d2b');
  });

  it('round-trips random v4 ids through bits', () => {
    for (let i = 0; i < 50; i++) {
      const id = randomUUID();
      const payload = markPayloadOf(id);
      expect(isMarkPayload(payload)).toBe(true);
      expect(payloadOfBits(payloadBits(payload))).toBe(payload);
      expect(id.startsWith(licensePrefixOf(payload))).toBe(true);
    }
  });

  it('knows the CRC-16/CCITT-FALSE check value and rejects payloads whose check bits do not match', () => {
    // Reference values from Python's binascii.crc_hqx(data, 0xffff), which is this CRC.
    expect(crc16(0x313233343536n)).toBe(0x2ef4); // "123456"
    expect(crc16(0n)).toBe(0x0e10);
    const payload = markPayloadOf('1b4e28ba-2fa1-4d2b-883f-0016d3cca427');
    for (let bit = 0; bit < 64; bit++) expect(isMarkPayload(payload ^ (1n << BigInt(bit)))).toBe(false);
    expect(() => licensePrefixOf(payload ^ 1n)).toThrow(/check bits/);
    expect(() => markPayloadOf('not-a-uuid')).toThrow(/UUID/);
  });
});

describe('license mark error correction', () => {
  const payload = markPayloadOf('0f8fad5b-d9cb-469f-a165-70867728950e');
  const bits = payloadBits(payload);
  const coded = convolutionalEncode(bits);

  it('codes 64 bits into 210 and decodes them without errors', () => {
    expect(coded.length).toBe(codedLength(64));
    expect(coded.length).toBe(210);
    expect(payloadOfBits(viterbiDecode(softOf(coded), 64))).toBe(payload);
  });

  it('corrects any 7 wrong hard bits (free distance 15), wherever they fall', () => {
    const random = createRandom(7);
    for (let trial = 0; trial < 300; trial++) {
      const soft = softOf(coded);
      const flipped = new Set<number>();
      // Bursts as well as scattered errors: half the trials put all 7 within 30 coded bits.
      const start = Math.floor(random() * (coded.length - 30));
      while (flipped.size < 7)
        flipped.add(trial % 2 ? start + Math.floor(random() * 30) : Math.floor(random() * coded.length));
      for (const i of flipped) soft[i] = -soft[i]!;
      expect(payloadOfBits(viterbiDecode(soft, 64))).toBe(payload);
    }
  });

  it('with soft values, corrects a 12% hard error rate in noisy correlations', () => {
    // Gaussian noise of standard deviation 0.85 on ±1: about 12% of signs wrong, as on a JPEG q50 copy.
    const random = createRandom(11);
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    let [decoded, wrongSigns] = [0, 0];
    for (let trial = 0; trial < 200; trial++) {
      const soft = softOf(coded).map((v) => v + 0.85 * gaussian());
      wrongSigns += soft.filter((v, i) => v < 0 !== (coded[i] === 1)).length;
      if (payloadOfBits(viterbiDecode(soft, 64)) === payload) decoded++;
    }
    expect(wrongSigns / (200 * 210)).toBeGreaterThan(0.1);
    expect(decoded).toBeGreaterThanOrEqual(198);
  });

  it('reports how far the decoded payload is ahead of any other (max-log-MAP reliabilities)', () => {
    // Noise-free ±1 values: any other payload's codeword differs in at least 15 coded bits, each
    // costing 2 in correlation, so every bit's reliability is at least 30, with the bit's sign.
    const clean = bitReliabilities(softOf(coded), 64);
    clean.forEach((value, i) => {
      expect(Math.abs(value)).toBeGreaterThanOrEqual(30);
      expect(value > 0).toBe(bits[i] === 0);
    });
    // No evidence at all about the first 9 coded bits: the first payload bit could be either.
    const blind = softOf(coded).map((value, i) => (i < 9 ? 0 : value));
    expect(Math.abs(bitReliabilities(blind, 64)[0]!)).toBeLessThan(Math.abs(clean[0]!));
  });

  it('sets the decision threshold from the false-report bound', () => {
    // H · 2^64 · exp(−t²/2) = 1e-7
    for (const h of [1, 14, 21]) {
      const t = thresholdFor(h);
      expect(h * 2 ** 64 * Math.exp((-t * t) / 2)).toBeCloseTo(1e-7, 12);
    }
    expect(thresholdFor(21)).toBeCloseTo(11.27, 2);
  });
});
