/**
 * The invisible license mark: a 64-bit payload (48 bits of the license id + CRC-16, rate-1/3
 * convolutionally coded) spread over low-frequency DWT-DCT coefficients of the blue-difference chroma,
 * in a keyed tile that repeats over the image; the detector finds the tile by phase-only correlation
 * with a pilot, reads the bits with soft-decision Viterbi and refuses rather than guesses. See
 * docs in each file: payload.ts, code.ts, tile.ts, layout.ts, channel.ts, embed.ts, detect.ts.
 */
export { embedMark, type EmbedOptions } from './embed';
export {
  CANONICAL_SIZES,
  detectMark,
  readMark,
  type DetectOptions,
  type MarkDetection,
  type MarkReading,
} from './detect';
export { DEFAULT_MARK_KEY, type MarkKey } from './layout';
export { isMarkPayload, licensePrefixOf, markPayloadOf } from './payload';
export type { MarkPixels } from './channel';
export { licenseMarkProblems, licenseMarkShape, markKeyOf, type LicenseMarkConfig } from './config';
export {
  createMarkReader,
  MarkReaderBusy,
  type MarkReader,
  type MarkReaderOptions,
  type ReadOptions,
} from './reader';
export type { ReadResult } from './read-worker';
