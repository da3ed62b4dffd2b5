/**
 * The messages between the thumbnail cache and its build workers: plain data only (structured clone),
 * so the worker needs nothing but sharp and Node, and failures cross as reasons, not error objects.
 */

export interface BuildJob {
  jobId: number;
  /** The artist's file: read, never written. */
  sourcePath: string;
  /** The catalog's hash of the file: the worker refuses bytes that no longer match it. */
  sha256: string;
  /** Longest side of the thumbnail in pixels (never enlarged). */
  size: number;
  /** Where the finished WebP goes; written under a temporary name and renamed, so it is always whole. */
  outputPath: string;
}

/** corrupt: does not decode completely; changed: bytes differ from sha256; missing: cannot be read. */
export type BuildFailure = 'corrupt' | 'changed' | 'missing';

export type BuildOutcome =
  | { jobId: number; ok: true; byteSize: number }
  | { jobId: number; ok: false; reason: BuildFailure; message: string };
