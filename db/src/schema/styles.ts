// Styles an artist licenses, the images they train on, their tags, and the training jobs.
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns';
import { engine, imageFormat, jobFailureCode, jobStatus, styleStatus } from './enums';
import { users } from './accounts';

export const styles = pgTable(
  'styles',
  {
    id: id(),
    artistId: uuid('artist_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    priceTokens: integer('price_tokens').notNull(),
    status: styleStatus('status').notNull().default('draft'),
    progress: integer('progress').notNull().default(0),
    engine: engine('engine').notNull().default('quilt'),
    modelArtifactKey: text('model_artifact_key'),
    thumbnailKey: text('thumbnail_key'),
    /** Why the last training failed, as a code clients translate; failure_reason holds the English sentence. */
    failureCode: jobFailureCode('failure_code'),
    failureReason: text('failure_reason'),
    /** Number of succeeded generations: the "popular" sort order, kept by the generation service. */
    generationCount: integer('generation_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    trainedAt: at('trained_at'),
  },
  (t) => [
    check('styles_price_range', sql`${t.priceTokens} BETWEEN 1 AND 10000`),
    check('styles_progress_range', sql`${t.progress} BETWEEN 0 AND 100`),
    index('styles_status_idx').on(t.status),
    index('styles_created_at_idx').on(t.createdAt),
    index('styles_artist_idx').on(t.artistId),
  ],
);

export const trainingImages = pgTable(
  'training_images',
  {
    id: id(),
    styleId: uuid('style_id')
      .notNull()
      .references(() => styles.id, { onDelete: 'cascade' }),
    /**
     * Private original: the checked upload without trailing data, at `styles/<id>/originals/<uuid>`,
     * a key no upload link can write.
     */
    objectKey: text('object_key').notNull(),
    /** 512-px copy the engines train on, and the 256×256 thumbnail. */
    trainingKey: text('training_key'),
    thumbnailKey: text('thumbnail_key'),
    originalName: text('original_name').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    format: imageFormat('format').notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    /** 64-bit perceptual hash as 16 hex characters, compared by Hamming distance. */
    perceptualHash: text('perceptual_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('training_images_style_sha256_key').on(t.styleId, t.sha256),
    check('training_images_min_size', sql`${t.width} >= 512 AND ${t.height} >= 512`),
  ],
);

export const tags = pgTable('tags', {
  id: serial('id').primaryKey(),
  /** Normalised: trimmed, lower-case, NFC. */
  name: text('name').notNull().unique(),
  createdAt: createdAt(),
});

export const styleTags = pgTable(
  'style_tags',
  {
    styleId: uuid('style_id')
      .notNull()
      .references(() => styles.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id),
  },
  (t) => [primaryKey({ columns: [t.styleId, t.tagId] }), index('style_tags_tag_idx').on(t.tagId)],
);

export const imageTags = pgTable(
  'image_tags',
  {
    imageId: uuid('image_id')
      .notNull()
      .references(() => trainingImages.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id),
  },
  (t) => [primaryKey({ columns: [t.imageId, t.tagId] }), index('image_tags_tag_idx').on(t.tagId)],
);

export const trainingJobs = pgTable(
  'training_jobs',
  {
    id: id(),
    styleId: uuid('style_id')
      .notNull()
      .references(() => styles.id, { onDelete: 'cascade' }),
    status: jobStatus('status').notNull().default('queued'),
    engine: engine('engine').notNull(),
    progress: integer('progress').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    artifactKey: text('artifact_key'),
    failureCode: jobFailureCode('failure_code'),
    failureReason: text('failure_reason'),
    createdAt: createdAt(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    /** Last sign of life from a worker; the sweeper fails jobs silent for too long. */
    lastEventAt: at('last_event_at').defaultNow().notNull(),
  },
  (t) => [
    index('training_jobs_style_idx').on(t.styleId),
    index('training_jobs_status_event_idx').on(t.status, t.lastEventAt),
  ],
);

/**
 * Upload links handed out. Rows stay after a confirm: an hour after a link expired, housekeeping deletes
 * whatever the link wrote (`uploads/<uuid>`) and any original at the matching key that no image records.
 */
export const pendingUploads = pgTable(
  'pending_uploads',
  {
    objectKey: text('object_key').primaryKey(),
    styleId: uuid('style_id')
      .notNull()
      .references(() => styles.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('pending_uploads_expires_idx').on(t.expiresAt)],
);
