// Images generated in a style for a buyer, and the license each succeeded one carries.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from './columns';
import { generationStatus, jobFailureCode, visibility } from './enums';
import { users } from './accounts';
import { styleVersions, styles } from './styles';

export const generations = pgTable(
  'generations',
  {
    id: id(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    styleId: uuid('style_id')
      .notNull()
      .references(() => styles.id),
    /** The model version it was made with; null only for generations made before versions were recorded. */
    styleVersion: integer('style_version'),
    promptTags: text('prompt_tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    promptText: text('prompt_text').notNull().default(''),
    seed: integer('seed').notNull(),
    status: generationStatus('status').notNull().default('queued'),
    costTokens: integer('cost_tokens').notNull(),
    /** The client's idempotency key: a retried request returns the same generation. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** Only the signed file is ever stored; there is no key for an unsigned original. */
    imageKey: text('image_key'),
    previewKey: text('preview_key'),
    visibility: visibility('visibility').notNull().default('private'),
    description: text('description'),
    likeCount: integer('like_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    licenseId: uuid('license_id'),
    attempts: integer('attempts').notNull().default(0),
    /** Why it failed, as a code clients translate; failure_reason holds the English sentence. */
    failureCode: jobFailureCode('failure_code'),
    failureReason: text('failure_reason'),
    /** The limit that passed, for `expired` (clients put it into their own sentence). */
    failureSeconds: integer('failure_seconds'),
    createdAt: createdAt(),
    completedAt: at('completed_at'),
    publishedAt: at('published_at'),
  },
  (t) => [
    check('generations_cost_positive', sql`${t.costTokens} > 0`),
    foreignKey({
      name: 'generations_style_version_fk',
      columns: [t.styleId, t.styleVersion],
      foreignColumns: [styleVersions.styleId, styleVersions.version],
    }),
    check('generations_counts_nonnegative', sql`${t.likeCount} >= 0 AND ${t.commentCount} >= 0`),
    uniqueIndex('generations_owner_idempotency_key').on(t.ownerId, t.idempotencyKey),
    uniqueIndex('generations_license_key').on(t.licenseId),
    index('generations_owner_created_idx').on(t.ownerId, t.createdAt),
    index('generations_style_idx').on(t.styleId),
    // Only a finished image can be shown, and a shown one has a place in the feed's order.
    check(
      'generations_public_when_succeeded',
      sql`${t.visibility} = 'private' OR (${t.status} = 'succeeded' AND ${t.publishedAt} IS NOT NULL)`,
    ),
    check(
      'generations_description_length',
      sql`${t.description} IS NULL OR char_length(${t.description}) <= 1000`,
    ),
    // The feed's page order (gallery/feed.ts), overall and within one style.
    index('generations_feed_idx')
      .on(t.publishedAt.desc(), t.id.desc())
      .where(sql`${t.visibility} = 'public'`),
    index('generations_style_feed_idx')
      .on(t.styleId, t.publishedAt.desc(), t.id.desc())
      .where(sql`${t.visibility} = 'public'`),
  ],
);

/**
 * What each license said when it was issued, for good: the database refuses any UPDATE or DELETE of a
 * row (trigger `licenses_immutable`, migration 0008), so renaming the artist, the style or the licensee
 * changes no license. Names here are the ones written into the file; the current ones live in users/styles.
 */
export const licenses = pgTable(
  'licenses',
  {
    id: id(),
    generationId: uuid('generation_id')
      .notNull()
      .unique()
      .references(() => generations.id),
    styleId: uuid('style_id')
      .notNull()
      .references(() => styles.id),
    /** The model version the image was made with; null only where its generation recorded none. */
    styleVersion: integer('style_version'),
    styleName: text('style_name').notNull(),
    artistId: uuid('artist_id')
      .notNull()
      .references(() => users.id),
    artistName: text('artist_name').notNull(),
    /** The licensee (the buyer). */
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    licenseeName: text('licensee_name').notNull(),
    termsVersion: integer('terms_version').notNull(),
    /** The terms text as issued, in English (the file's x-default), and in Korean from version 2 on. */
    terms: text('terms').notNull(),
    termsKo: text('terms_ko'),
    /** SHA-256 of the signed file: verification matches uploads against it. */
    fileSha256: text('file_sha256').notNull(),
    issuedAt: createdAt(),
  },
  (t) => [
    index('licenses_file_sha256_idx').on(t.fileSha256),
    check('licenses_terms_version_known', sql`${t.termsVersion} >= 1`),
    foreignKey({
      name: 'licenses_style_version_fk',
      columns: [t.styleId, t.styleVersion],
      foreignColumns: [styleVersions.styleId, styleVersions.version],
    }),
  ],
);
