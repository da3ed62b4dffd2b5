/**
 * Checks before upload: the platform's rules on a selection of catalog records, near-duplicate groups by
 * perceptual hash (indexed), and fix actions that say what to change without writing the catalog.
 */
export { checkSelection } from './check-selection';
export { fixProblem, type FixResult } from './fix-actions';
export { groupNearDuplicates, nearDuplicatePairs, type HashedItem, type NearPair } from './near-duplicates';
export {
  FIX_ACTIONS,
  NEAR_DUPLICATE_BITS,
  PROBLEM_CODES,
  PROBLEM_RULES,
  UPLOAD_RULES,
  type CheckReport,
  type CheckSummary,
  type FixAction,
  type Problem,
  type ProblemCode,
  type Severity,
} from './rules';
export {
  catalogImageSchema,
  checkSelectionInputSchema,
  fixProblemInputSchema,
  problemSchema,
  type CheckSelectionInput,
  type FixProblemInput,
} from './schemas';
export { makeUploadCopy, type UploadCopy } from './upload-copies';
