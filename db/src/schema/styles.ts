// Styles an artist licenses, the images they train on, their tags, and the training jobs.
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
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
    /** The engine the next training run uses; each version records the engine it was trained with. */
    engine: engine('engine').notNull().default('quilt'),
    /**
     * The model version on sale (style_versions), null until a first run succeeded. A retrain leaves it in
     * place until the new version is ready, and a failed retrain leaves it for good.
     */
    currentVersion: integer('current_version'),
    thumbnailKey: text('thumbnail_key'),
    /**
     * Why the latest training run failed (a code clients translate; failure_reason is its English), also
     * when an older version stays on sale. `progress` is that run's too.
     */
    failureCode: jobFailureCode('failure_code'),
    failureReason: text('failure_reason'),
    /** The limit that passed, for `stalled` and `not_started` (clients put it into their own sentence). */
    failureSeconds: integer('failure_seconds'),
    /** Number of succeeded generations: the "popular" sort order, kept by the generation service. */
    generationCount: integer('generation_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    trainedAt: at('trained_at'),
  },
  (t) => [
    check('styles_price_range', sql`${t.priceTokens} BETWEEN 1 AND 10000`),
    check('styles_progress_range', sql`${t.progress} BETWEEN 0 AND 100`),
    // On sale means there is a model to sell.
    check('styles_ready_has_version', sql`${t.status} <> 'ready' OR ${t.currentVersion} IS NOT NULL`),
    foreignKey({
      name: 'styles_current_version_fk',
      columns: [t.id, t.currentVersion],
      foreignColumns: [styleVersions.styleId, styleVersions.version],
    }),
    index('styles_status_idx').on(t.status),
    index('styles_created_at_idx').on(t.createdAt),
    // The two orders of styles.search, over what is on sale: a page is read straight off the index
    // (NULLS FIRST as ORDER BY … DESC sorts, or the planner could not use them).
    index('styles_ready_newest_idx')
      .on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} = 'ready'`),
    index('styles_ready_popular_idx')
      .on(t.generationCount.desc().nullsFirst(), t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} = 'ready'`),
    index('styles_artist_idx').on(t.artistId),
  ],
);

/**
 * Every model a style has had on sale, numbered 1, 2, … per style. Rows are written once, when a training
 * run succeeds, and never change: a generation names the version it was made with.
 */
export const styleVersions = pgTable(
  'style_versions',
  {
    styleId: uuid('style_id')
      .notNull()
      .references((): AnyPgColumn => styles.id),
    version: integer('version').notNull(),
    /** The run that trained it; null only for models trained before versions were recorded. */
    trainingJobId: uuid('training_job_id')
      .unique()
      .references((): AnyPgColumn => trainingJobs.id),
    engine: engine('engine').notNull(),
    artifactKey: text('artifact_key').notNull(),
    /**
     * The signed samples its run stored, as the run reported them, so a style page needs no store listing;
     * null for models trained before versions were recorded (their samples are found by listing).
     */
    sampleKeys: text('sample_keys').array(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.styleId, t.version] }),
    check('style_versions_positive', sql`${t.version} >= 1`),
  ],
);

/** Quarter `n` of the hex copy hash as an integer (null without one), as migration 0018 defines it. */
function hashQuarter(n: 0 | 1 | 2 | 3) {
  return sql.raw(`('x' || substr(copy_hash, ${n * 4 + 1}, 4))::bit(16)::integer`);
}

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
    /**
     * 64-bit copy hash (platform images/copy-hash.ts) as 16 hex characters: finds another artist's picture
     * saved again. Null for images recorded before migration 0018 until the server's backfill reads them.
     */
    copyHash: text('copy_hash'),
    /**
     * The copy hash's four 16-bit quarters (0–65535), most significant first, each indexed: the copy search
     * across all styles looks up quarters within one bit of the upload's (multi-index hashing,
     * training/similar-images.ts) instead of reading every row. Derived by the database, never written.
     */
    phash0: integer('phash_0').generatedAlwaysAs(hashQuarter(0)),
    phash1: integer('phash_1').generatedAlwaysAs(hashQuarter(1)),
    phash2: integer('phash_2').generatedAlwaysAs(hashQuarter(2)),
    phash3: integer('phash_3').generatedAlwaysAs(hashQuarter(3)),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('training_images_style_sha256_key').on(t.styleId, t.sha256),
    check('training_images_min_size', sql`${t.width} >= 512 AND ${t.height} >= 512`),
    check('training_images_copy_hash_hex', sql`${t.copyHash} ~ '^[0-9a-f]{16}$'`),
    index('training_images_phash_0_idx').on(t.phash0),
    index('training_images_phash_1_idx').on(t.phash1),
    index('training_images_phash_2_idx').on(t.phash2),
    index('training_images_phash_3_idx').on(t.phash3),
    // The backfill's work list: rows still without a copy hash (none, once it is done).
    index('training_images_copy_hash_missing_idx')
      .on(t.id)
      .where(sql`${t.copyHash} IS NULL`),
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
    /** The limit that passed, for `stalled` and `not_started` (clients put it into their own sentence). */
    failureSeconds: integer('failure_seconds'),
    createdAt: createdAt(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    /** Last sign of life from a worker; the sweeper fails jobs silent for too long. */
    lastEventAt: at('last_event_at').defaultNow().notNull(),
    /**
     * When the engine's latest estimate says the run ends (arrival + its ETA); null without an estimate
     * and once the run has ended.
     */
    estimatedFinishAt: at('estimated_finish_at'),
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
