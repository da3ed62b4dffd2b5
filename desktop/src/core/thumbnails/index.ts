/**
 * Disk thumbnails for the library grid: content-keyed WebP files built by worker threads, with shared
 * builds, cancellation of what is no longer visible and pruning by size.
 */
export { createThumbnailCache, ThumbnailCache, type ThumbnailStats } from './thumbnail-cache';
export type { PruneResult } from './cache-pruning';
export {
  THUMBNAIL_SIZES,
  thumbnailRequestSchema,
  thumbnailKeySchema,
  type ThumbnailCacheOptions,
  type ThumbnailKey,
  type ThumbnailRequest,
} from './schemas';
