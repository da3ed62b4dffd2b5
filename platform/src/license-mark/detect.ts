/**
 * Detection: find the tile, read the bits, and report a payload only when the evidence rules out an
 * unmarked image.
 *
 * The Cb channel is folded onto one tile and analysed (sync.ts: candidate tile positions by phase-only
 * correlation with the pilot, slot values from the whitened fold). Geometry the fold cannot undo is
 * searched: the image as given and rescaled to each canonical generation size of the same aspect ratio
 * (so a 50% copy of a 1024² image is read at 1024²), each also turned by ±1°, ±2°, ±3° (the sync
 * tolerates about ±0.7°). At each of these H hypotheses and each candidate position the coded bits'
 * soft values go to the Viterbi decoder.
 *
 * Decision. A payload is reported only if (1) its CRC-16 checks, (2) it beats every other payload by a
 * clear margin (MIN_RELIABILITY) and (3) the normalised correlation of all slots (pilot and data) with
 * that payload's pattern, t = Σ eⱼvⱼ / √(Σ vⱼ²), reaches t₀.
 *
 * Unmarked images (goal: false reports < 1e-6): the signs eⱼ are the key's pseudo-random ±1 values,
 * independent of the image's slot values vⱼ, so for one position and one payload Hoeffding's inequality
 * bounds P(t ≥ t₀) by exp(−t₀²/2) whatever the image is (no Gaussian model of images: measured, their
 * correlation surfaces have heavier tails than Gaussian). A union bound over the H hypotheses, all
 * 65,536 positions and all 2^48 payloads with a valid CRC gives P(false report) ≤ H · 2^64 · exp(−t₀²/2),
 * and t₀ is set so that this is 1e-7 (t₀ ≈ 11.3 for H = 21). The bound ignores (2) and is loose
 * (payloads are not independent), so the true rate is lower still; marked images reach t of 20-35
 * (√1280 ≈ 35.8 at most). With the public default key this holds for images made without knowledge of
 * the key; a configured secret key also keeps others from forging marks.
 *
 * Marked images damaged past reading: at the right position the pilot alone can push t past t₀, so a
 * wrong decode is stopped by the CRC (passes with probability 2^-16) and the margin (2), which stopped
 * 44 of 45 wrong decodes in a measurement: together about 3e-7 per failed read.
 */
import { bitReliabilities, convolutionalEncode, viterbiDecode } from './code';
import { checkPixels, chromaOf, foldOntoTile, warp, type MarkPixels } from './channel';
import { CODED_BITS, PILOT, layoutFor, type Layout, type MarkKey } from './layout';
import { PAYLOAD_BITS, isMarkPayload, payloadOfBits } from './payload';
import { analyseFold, type Shift } from './sync';
import { TILE_SLOTS, analyseTile } from './tile';

export interface MarkDetection {
  /** The 64-bit payload (see `licensePrefixOf`), or null when there is no readable mark. */
  payload: bigint | null;
  /**
   * How sure it is that the image carries a mark made with this key: 1 − the bound on the chance that
   * an unmarked image scores as high. With a payload this is at least 1 − 1e-7; a high confidence with a
   * null payload (from the pilot alone) means a mark is present but too damaged to read.
   */
  confidence: number;
  /** Coded bits (of 210) whose hard decision the error correction overruled, when a payload is reported. */
  bitErrors?: number;
}

/** The product's generation sizes: SD 1.5 and SDXL squares and SDXL's aspect-ratio buckets. */
export const CANONICAL_SIZES: readonly (readonly [number, number])[] = [
  [512, 512],
  [1024, 1024],
  [1152, 896],
  [896, 1152],
  [1216, 832],
  [832, 1216],
  [1344, 768],
  [768, 1344],
  [1536, 640],
  [640, 1536],
];
const ROTATIONS = [0, -1, 1, -2, 2, -3, 3];
/** Largest accepted bound on the chance that an unmarked image is reported as marked. */
export const FALSE_REPORT_BOUND = 1e-7;
const LN_2 = Math.log(2);
/**
 * Smallest accepted gap between the decoded payload and the runner-up, in root-mean-square soft values
 * (see `bitReliabilities`). On marks weakened until half the reads failed, 44 of 45 wrong decodes had a
 * gap below 2 and 26 of 27 right ones above it.
 */
const MIN_RELIABILITY = 2;

export interface Hypothesis {
  width: number;
  height: number;
  degrees: number;
}

export interface MarkReading extends MarkDetection {
  /** Where the best reading was made (the accepted one, or the strongest pilot) and what it saw. */
  hypothesis: Hypothesis;
  shift: Shift;
  /** The decoded payload's gap to the runner-up (0 when its CRC fails). */
  reliability: number;
  /** Normalised correlation of the pilot slots alone, and of all slots with the decoded payload. */
  pilotT: number;
  t: number;
  /** Soft values of the 210 coded bits there (positive: 0). */
  soft: Float64Array;
  hypotheses: number;
}

export interface DetectOptions {
  key?: MarkKey;
  /** Turns to try (degrees; default 0, ±1, ±2, ±3). */
  rotations?: readonly number[];
}

export function detectMark(pixels: MarkPixels, key?: MarkKey): MarkDetection {
  const { payload, confidence, bitErrors } = readMark(pixels, { key });
  return bitErrors === undefined ? { payload, confidence } : { payload, confidence, bitErrors };
}

/** The smallest t whose bound H · 2^64 · exp(−t²/2) is within FALSE_REPORT_BOUND. */
export const thresholdFor = (hypotheses: number) =>
  Math.sqrt(2 * (Math.log(hypotheses) + 64 * LN_2 - Math.log(FALSE_REPORT_BOUND)));

/** `detectMark` with the measurements behind it (for the benchmark and for verification's report). */
export function readMark(pixels: MarkPixels, options: DetectOptions = {}): MarkReading {
  checkPixels(pixels);
  const layout = layoutFor(options.key);
  const { width, height } = pixels;
  const channel = chromaOf(pixels);
  const sizes = [
    [width, height] as const,
    // Same aspect ratio (within 2%), and a plausible resize: from a quarter to four times the size.
    ...CANONICAL_SIZES.filter(
      ([w, h]) =>
        Math.abs(w / h - width / height) < 0.02 * (w / h) &&
        !(w === width && h === height) &&
        width * 4 >= w &&
        width <= w * 4,
    ),
  ];
  const rotations = options.rotations ?? ROTATIONS;
  const hypotheses = rotations.flatMap((degrees) =>
    sizes.map(([w, h]) => ({ width: w, height: h, degrees })),
  );
  const threshold = thresholdFor(hypotheses.length);
  let best: MarkReading | undefined;
  for (const hypothesis of hypotheses) {
    const { width: w, height: h, degrees } = hypothesis;
    const resampled =
      w === width && h === height && degrees === 0 ? channel : warp(channel, pixels, hypothesis, degrees);
    const { shifts, whitened } = analyseFold(foldOntoTile(resampled, w, h), layout);
    for (const shift of shifts) {
      const { valid, bitErrors, ...reading } = readAt(analyseTile(whitened, shift.dx, shift.dy), layout);
      const candidate = { ...reading, hypothesis, shift, hypotheses: hypotheses.length };
      if (valid && reading.t >= threshold) {
        const bound = hypotheses.length * Math.exp(64 * LN_2 - (reading.t * reading.t) / 2);
        return { ...candidate, bitErrors, confidence: 1 - bound };
      }
      if (!best || reading.pilotT > best.pilotT) {
        // No payload: the confidence that a mark is there at all, from the pilot alone (union over the
        // hypotheses and the 65,536 positions, without the CRC).
        const bound = hypotheses.length * Math.exp(16 * LN_2 - (reading.pilotT * reading.pilotT) / 2);
        const confidence = reading.pilotT > 0 ? Math.max(0, 1 - bound) : 0;
        best = { ...candidate, payload: null, confidence };
      }
    }
  }
  return best!;
}

/** The bits and statistics at one position: slot values in, payload and t out. */
function readAt(slots: Float64Array, layout: Layout) {
  const soft = new Float64Array(CODED_BITS);
  let [pilot, energy, pilotEnergy] = [0, 0, 0];
  for (let slot = 0; slot < TILE_SLOTS; slot++) {
    const value = slots[slot]!;
    const bit = layout.role[slot]!;
    energy += value * value;
    if (bit === PILOT) {
      pilot += layout.sign[slot]! * value;
      pilotEnergy += value * value;
    } else soft[bit] = soft[bit]! + layout.sign[slot]! * value;
  }
  const bits = viterbiDecode(soft, PAYLOAD_BITS);
  const recoded = convolutionalEncode(bits);
  let [data, bitErrors] = [0, 0];
  for (let i = 0; i < CODED_BITS; i++) {
    data += recoded[i] ? -soft[i]! : soft[i]!;
    if (soft[i]! < 0 !== (recoded[i] === 1)) bitErrors++;
  }
  const payload = payloadOfBits(bits);
  let reliability = 0;
  if (isMarkPayload(payload)) {
    let rms = 0;
    for (const value of soft) rms += value * value;
    rms = Math.sqrt(rms / CODED_BITS) || 1;
    for (const value of bitReliabilities(soft, PAYLOAD_BITS))
      reliability = Math.min(reliability || Infinity, Math.abs(value) / rms);
  }
  return {
    payload,
    valid: reliability >= MIN_RELIABILITY,
    reliability,
    bitErrors,
    soft,
    pilotT: pilot / Math.sqrt(pilotEnergy || 1),
    t: (pilot + data) / Math.sqrt(energy || 1),
  };
}
