/**
 * The platform's upload rules as the studio checks them before any byte leaves the machine, and the
 * vocabulary of a check: problem codes, severities and fix actions. Limits mirror the server's
 * (server/src/domains/training/image-checks.ts, uploads.ts); a selection the studio passes the server passes.
 */
import { TRAINING_IMAGE_FILE, TRAINING_IMAGES } from '@style-license/shared';

/** The server's own rules (shared), so a selection the studio passes, the server passes. */
export const UPLOAD_RULES = {
  ...TRAINING_IMAGE_FILE,
  minImages: TRAINING_IMAGES.min,
  maxImages: TRAINING_IMAGES.max,
} as const;

export { NEAR_DUPLICATE_BITS } from '@style-license/platform/images';

export const PROBLEM_CODES = [
  'corrupt',
  'unsupported_format',
  'too_small',
  'file_too_large',
  'too_many_pixels',
  'identical_files',
  'near_duplicates',
  'too_few_images',
  'too_many_images',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const FIX_ACTIONS = [
  /** Un-pick the images concerned. */
  'leave_out',
  /** Keep the largest image of a group (pixels, then uploadable format, then bytes); un-pick the rest. */
  'keep_largest',
  /** Keep the best-rated images up to the platform's maximum; un-pick the rest. */
  'keep_best_rated',
  /** Upload a PNG copy made in the studio's cache folder (the artist's file is never touched). */
  'convert_for_upload',
  /** Upload a copy scaled and encoded within the size limits, made in the cache folder. */
  'shrink_for_upload',
] as const;
export type FixAction = (typeof FIX_ACTIONS)[number];

/** An error blocks the upload (the server would refuse); a warning is the artist's call. */
export type Severity = 'error' | 'warning';

/**
 * What each problem is and which fixes it offers, first the one the studio suggests. Near-duplicates are
 * only a warning, as on the server (it accepts them and warns): they weaken training but are not refused.
 * Identical files are an error: the server refuses the second copy of the same bytes.
 */
export const PROBLEM_RULES: Record<ProblemCode, { severity: Severity; fixes: readonly FixAction[] }> = {
  corrupt: { severity: 'error', fixes: ['leave_out'] },
  unsupported_format: { severity: 'error', fixes: ['convert_for_upload', 'leave_out'] },
  too_small: { severity: 'error', fixes: ['leave_out'] },
  file_too_large: { severity: 'error', fixes: ['shrink_for_upload', 'leave_out'] },
  too_many_pixels: { severity: 'error', fixes: ['shrink_for_upload', 'leave_out'] },
  identical_files: { severity: 'error', fixes: ['keep_largest'] },
  near_duplicates: { severity: 'warning', fixes: ['keep_largest'] },
  too_few_images: { severity: 'error', fixes: [] },
  too_many_images: { severity: 'error', fixes: ['keep_best_rated'] },
};

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  /** The images concerned, in selection order; a count problem names the whole selection. */
  imageIds: string[];
  fixes: FixAction[];
  /** Numbers the renderer words the problem with (sizes found, the limit broken, counts, distances). */
  details: Record<string, number | string>;
}

export interface CheckSummary {
  canUpload: boolean;
  selected: number;
  /** Images no error names (what would upload as is). */
  clean: number;
  errors: number;
  warnings: number;
  byCode: Partial<Record<ProblemCode, { problems: number; images: number }>>;
}

export interface CheckReport {
  problems: Problem[];
  summary: CheckSummary;
}
