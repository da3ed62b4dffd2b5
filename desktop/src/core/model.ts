/**
 * The studio's catalog as the rest of the core sees it: one record per image file in the artist's
 * library folders, and the narrow tag store that tag editing works through. The catalog (catalog/)
 * implements these; library scanning, tag editing and checks depend only on this file.
 */
/** What the library takes in, by content (never by file name): the formats artists keep work in. */
export const LIBRARY_FORMATS = ['jpeg', 'png', 'webp'] as const;
export type LibraryFormat = (typeof LIBRARY_FORMATS)[number];

/** Artist's own curation marks: a 0–5 star rating and a pick flag (picked, rejected or neither). */
export const RATINGS = [0, 1, 2, 3, 4, 5] as const;
export const PICKS = ['none', 'picked', 'rejected'] as const;
export type Pick = (typeof PICKS)[number];

/**
 * Most tags one image keeps locally: above the platform's 20 per upload (shared MAX_TAGS) on purpose,
 * since LoRA captions run longer; the upload step keeps the 20 that go to the platform.
 */
export const MAX_IMAGE_TAGS = 200;

export interface CatalogImage {
  /** Stable for the file's life in the catalog (assigned when first seen). */
  id: string;
  /** Absolute path on disk. */
  path: string;
  /** The library folder (as added by the artist) the file was found under. */
  folder: string;
  byteSize: number;
  mtimeMs: number;
  /** SHA-256 (hex) of the file: identity for uploads (idempotent by content) and the thumbnail cache. */
  sha256: string;
  /** By content; null when the file is not an image the library takes (it is then `corrupt`). */
  format: LibraryFormat | null;
  /** Upright size (EXIF orientation applied); null when unreadable. */
  width: number | null;
  height: number | null;
  /** 64-bit dHash as 16 hex digits (platform/images); null when unreadable. */
  perceptualHash: string | null;
  /** The file could not be decoded completely (truncated, damaged, or not an image at all). */
  corrupt: boolean;
  rating: number;
  pick: Pick;
  /** Tags as the platform accepts them (shared `tagSchema`), in the artist's order, no duplicates. */
  tags: string[];
}

/** One image's complete new tag list (whole-list writes make undo a matter of writing the old list). */
export interface TagChange {
  imageId: string;
  tags: readonly string[];
}

export interface TagStore {
  /** The current tags of each of these images (unknown ids are left out). */
  tagsOf(imageIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Replaces the tags of every named image, all or nothing. */
  setTags(changes: readonly TagChange[]): Promise<void>;
  /** Every tag in the catalog with the number of images that carry it. */
  tagCounts(): Promise<Map<string, number>>;
}
