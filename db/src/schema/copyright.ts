// Who may train on what: training images refused as someone else's work, kept for review, and each
// artist's attestation that they own the rights to the set a training run learns from.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { COPYRIGHT_BLOCK_RULES, COPYRIGHT_EVIDENCE } from '@style-license/shared';
import { createdAt, id } from './columns';
import { users } from './accounts';
import { styles, trainingJobs } from './styles';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * One row per training image refused because it is another artist's training image or an image the
 * platform generated (training/copyright.ts); nothing of the image itself is kept. What it matched is
 * named by id only, without foreign keys: the record must outlive, and never hold back, what it names.
 */
export const uploadBlocks = pgTable(
  'upload_blocks',
  {
    id: id(),
    artistId: uuid('artist_id')
      .notNull()
      .references(() => users.id),
    styleId: uuid('style_id')
      .notNull()
      .references(() => styles.id),
    fileName: text('file_name').notNull(),
    /** Of the checked image (trailing data cut off), as an accepted image would have recorded it. */
    sha256: text('sha256').notNull(),
    perceptualHash: text('perceptual_hash').notNull(),
    /** `copyright_other_artist` or `copyright_generated`, the rule the artist was told. */
    rule: text('rule').notNull(),
    /** `perceptual_hash` for another artist's image; for a generated one, what traced it. */
    evidence: text('evidence').notNull(),
    /** The similarity of the two images (0–1), or the tracer's confidence; null when not measured. */
    confidence: real('confidence'),
    /** Another artist's image matched: the image, its style and artist, and the hashes' distance. */
    matchedImageId: uuid('matched_image_id'),
    matchedStyleId: uuid('matched_style_id'),
    matchedArtistId: uuid('matched_artist_id'),
    hashDistance: integer('hash_distance'),
    /** A generated image matched: the license it was issued under and its generation. */
    licenseId: uuid('license_id'),
    generationId: uuid('generation_id'),
    /** The address the confirm came from; null when the server itself uploaded (demo content). */
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    check('upload_blocks_rule', sql`${t.rule} IN (${inList(COPYRIGHT_BLOCK_RULES)})`),
    check('upload_blocks_evidence', sql`${t.evidence} IN (${inList(COPYRIGHT_EVIDENCE)})`),
    // Each rule names what it matched, so a reviewer can always look at both.
    check(
      'upload_blocks_names_match',
      sql`(${t.rule} = 'copyright_other_artist' AND ${t.matchedImageId} IS NOT NULL)
        OR (${t.rule} = 'copyright_generated' AND ${t.licenseId} IS NOT NULL)`,
    ),
    index('upload_blocks_created_idx').on(t.createdAt),
    index('upload_blocks_artist_idx').on(t.artistId, t.createdAt),
  ],
);

/**
 * An artist's statement, at submit, that they own the rights to every image of the set: one per
 * training run, written in the same transaction as its job, with the statement's version, the time,
 * the address and the client it came from. Never updated.
 */
export const rightsAttestations = pgTable(
  'rights_attestations',
  {
    id: id(),
    trainingJobId: uuid('training_job_id')
      .notNull()
      .unique()
      .references(() => trainingJobs.id),
    styleId: uuid('style_id')
      .notNull()
      .references(() => styles.id),
    artistId: uuid('artist_id')
      .notNull()
      .references(() => users.id),
    /** Which wording the artist agreed to (RIGHTS_STATEMENT_VERSION in shared/). */
    statementVersion: text('statement_version').notNull(),
    /** The set attested: its size, and SHA-256 over its images' SHA-256s in sorted order. */
    imageCount: integer('image_count').notNull(),
    imagesSha256: text('images_sha256').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('rights_attestations_style_idx').on(t.styleId, t.createdAt)],
);
