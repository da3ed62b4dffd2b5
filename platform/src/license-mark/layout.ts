/**
 * The keyed layout of the tile: which slots carry the pilot (a known pattern the detector
 * synchronises on) and which carry each coded bit, and the pseudo-random sign of every slot. This is
 * the spread-spectrum construction of Cox, Kilian, Leighton & Shamoon (1997): each coded bit modulates
 * a keyed ±1 sequence over slots scattered across the whole tile, so local damage (a signature pasted
 * in a corner, a cropped edge) costs every bit a little instead of some bits everything, and without
 * the key the pattern is indistinguishable from noise. A different key gives an independent layout:
 * its pilot does not correlate with ours, so a mark made with another key is not detected.
 */
import { createHash } from 'node:crypto';
import { codedLength } from './code';
import { fft2 } from './fft';
import { PAYLOAD_BITS } from './payload';
import { TILE, TILE_SLOTS, synthesiseTile } from './tile';

/** The key when none is configured: marks are then readable by anyone with this code, as intended. */
export const DEFAULT_MARK_KEY = 'style-license/license-mark/v1';
export type MarkKey = string | Uint8Array;

export const CODED_BITS = codedLength(PAYLOAD_BITS);
/**
 * Share of the slots given to the pilot. The pilot buys synchronisation and a calibrated detection
 * statistic (detect.ts); a quarter leaves each of the 210 coded bits about 4.6 slots per tile.
 */
const PILOT_SHARE = 0.25;
export const PILOT = -1;

export interface Layout {
  /** The key's digest (hex): identifies the layout in caches. */
  id: string;
  /** Per slot: PILOT or the index of the coded bit it carries. */
  role: Int16Array;
  /** Per slot: the keyed ±1 spreading sign. */
  sign: Int8Array;
  /** The 2-D spectrum of the pilot pattern (unit amplitude per slot), for the detector's sync. */
  pilotSpectrum: { re: Float64Array; im: Float64Array };
}

/** sfc32 (Chris Doty-Humphrey's PractRand "small fast counting" generator), seeded with 128 bits. */
function sfc32(seed: Buffer): () => number {
  let [a, b, c, d] = [0, 4, 8, 12].map((offset) => seed.readInt32LE(offset)) as [
    number,
    number,
    number,
    number,
  ];
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

const layouts = new Map<string, Layout>();

export function layoutFor(key: MarkKey = DEFAULT_MARK_KEY): Layout {
  const digest = createHash('sha256').update('license-mark layout v1\0').update(key).digest();
  const id = digest.toString('hex');
  let layout = layouts.get(id);
  if (layout) return layout;
  const random = sfc32(digest);
  for (let i = 0; i < 16; i++) random(); // sfc32's recommended warm-up
  const order = Array.from({ length: TILE_SLOTS }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const pilotSlots = Math.round(TILE_SLOTS * PILOT_SHARE);
  const role = new Int16Array(TILE_SLOTS);
  const sign = new Int8Array(TILE_SLOTS);
  order.forEach((slot, rank) => {
    const bit = rank < pilotSlots ? PILOT : (rank - pilotSlots) % CODED_BITS;
    role[slot] = bit;
  });
  for (let slot = 0; slot < TILE_SLOTS; slot++) sign[slot] = random() < 0.5 ? -1 : 1;
  const pilotTile = synthesiseTile(Float64Array.from(role, (r, slot) => (r === PILOT ? sign[slot]! : 0)));
  const re = Float64Array.from(pilotTile);
  const im = new Float64Array(re.length);
  fft2(re, im, TILE);
  layout = { id, role, sign, pilotSpectrum: { re, im } };
  if (layouts.size >= 8) layouts.delete(layouts.keys().next().value!);
  layouts.set(id, layout);
  return layout;
}
