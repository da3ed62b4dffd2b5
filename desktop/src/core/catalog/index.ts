/**
 * The catalog module's public face: open a catalog, query and mark its images, and the input schemas
 * a renderer-facing layer (IPC, the test host) parses with.
 */
export { allMatching } from './all-matching';
export {
  openCatalog,
  type Catalog,
  type CatalogPage,
  type KnownFile,
  type LibraryFolder,
  type OpenCatalogOptions,
} from './catalog';
export {
  absolutePathSchema,
  catalogFilterSchema,
  catalogQuerySchema,
  folderScanSchema,
  IMAGE_PROBLEMS,
  imageIdSchema,
  imageIdsSchema,
  isInside,
  MAX_IMAGE_TAGS,
  PAGE_LIMIT,
  pickSchema,
  ratingSchema,
  SORT_KEYS,
  tagChangesSchema,
  type CatalogFilter,
  type CatalogQuery,
  type FolderScan,
  type IgnoredFile,
  type ImageProblem,
  type ScannedImage,
  type SortKey,
} from './inputs';
export { PLATFORM_MIN_SIDE } from './query';
export type { ScanApplied } from './scan-apply';
export { TAG_EXPRESSION_LIMITS, tagExpressionSchema, type TagExpression } from './tag-expression';
