/**
 * An artist's styles: creating drafts, editing, archiving, their own list, and the public style page.
 * Invariants: only the owner writes a style, and every write (row and tags) is one transaction that checks
 * ownership first, so a refused request leaves no rows; archived styles are read-only; others see a style
 * only while it is ready, and get the same NOT_FOUND for every other status as for an unknown id. Only
 * signed samples are ever linked (isSignedSampleKey): older runs left unsigned ones, see unsigned-samples.ts.
 */
import { desc, eq } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  isSignedSampleKey,
  type CreateStyleInput,
  type MyStyle,
  type StyleDetail,
  type TrainingRun,
  type UpdateStyleInput,
} from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { latestRuns } from '../training/runs';
import { setStyleTags, tagsOfStyles } from './tags';
import { currentVersionOf } from './versions';

const { styles, users } = schema;

export type StyleDeps = Pick<ServerDeps, 'database' | 'storage'>;
type StyleRow = typeof styles.$inferSelect;

/** Long enough to look at a page of thumbnails, short enough that a copied link soon stops working. */
export const STYLE_IMAGE_URL_TTL_SECONDS = 10 * 60;
/** Training makes at most 8 samples per run (shared/src/jobs.ts); this bounds the presigning anyway. */
export const MAX_SAMPLE_URLS = 8;

/** Where training puts its signed samples: `styles/<id>/samples/<jobId>-<n>.webp` (trainingKeys in shared). */
export const samplesPrefix = (styleId: string) => `styles/${styleId}/samples/`;

export function presignStyleImage(deps: StyleDeps, key: string): Promise<string> {
  return deps.storage.presignGet(key, { expiresInSeconds: STYLE_IMAGE_URL_TTL_SECONDS });
}

/**
 * Training makes a style's thumbnail one of its samples. One trained before samples were signed points at
 * an unsigned sample: it shows none rather than that (the migration clearing those may not have run).
 */
export const thumbnailUrlOf = (deps: StyleDeps, style: Pick<StyleRow, 'id' | 'thumbnailKey'>) =>
  style.thumbnailKey && isSignedSampleKey(style.id, style.thumbnailKey)
    ? presignStyleImage(deps, style.thumbnailKey)
    : Promise.resolve(null);

async function toMyStyle(
  deps: StyleDeps,
  row: StyleRow,
  tags: string[],
  training: TrainingRun | null,
): Promise<MyStyle> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags,
    priceTokens: row.priceTokens,
    status: row.status,
    progress: row.progress,
    version: row.currentVersion,
    training,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    trainedAt: row.trainedAt?.toISOString() ?? null,
    thumbnailUrl: await thumbnailUrlOf(deps, row),
  };
}

async function withTags(deps: StyleDeps, db: Db, row: StyleRow): Promise<MyStyle> {
  const [tags, runs] = await Promise.all([tagsOfStyles(db, [row.id]), latestRuns(db, [row.id])]);
  return toMyStyle(deps, row, tags.get(row.id) ?? [], runs.get(row.id) ?? null);
}

/** A new draft. The artist role is checked by artistProcedure; training is started elsewhere. */
export async function createStyle(
  deps: StyleDeps,
  artistId: string,
  input: CreateStyleInput,
): Promise<MyStyle> {
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(styles)
      .values({
        artistId,
        name: input.name,
        description: input.description,
        priceTokens: input.priceTokens,
        status: 'draft',
        engine: 'quilt',
      })
      .returning();
    await setStyleTags(tx, row!.id, input.tags);
    return withTags(deps, tx, row!);
  });
}

/**
 * The style, locked for the rest of the transaction, if `userId` may change it. Someone else's style is
 * FORBIDDEN rather than NOT_FOUND: the owner check comes from the issue, and ids are unguessable UUIDs.
 */
async function lockOwnStyle(tx: Db, userId: string, styleId: string): Promise<StyleRow> {
  const [row] = await tx.select().from(styles).where(eq(styles.id, styleId)).for('update');
  if (!row) throw new AppError('NOT_FOUND', 'No such style');
  if (row.artistId !== userId) throw new AppError('FORBIDDEN', 'This style belongs to another artist');
  return row;
}

/**
 * Changes only the fields given; `tags` replaces the whole set. Any status but archived may be edited, and
 * the price at any time: it applies to generations charged after the change, never to earlier ones.
 */
export async function updateStyle(
  deps: StyleDeps,
  userId: string,
  input: UpdateStyleInput,
): Promise<MyStyle> {
  return deps.database.db.transaction(async (tx) => {
    const current = await lockOwnStyle(tx, userId, input.styleId);
    if (current.status === 'archived') throw new AppError('CONFLICT', 'An archived style cannot be edited');
    const { name, description, priceTokens, tags } = input;
    const [row] = await tx
      .update(styles)
      .set({ name, description, priceTokens, updatedAt: new Date() })
      .where(eq(styles.id, current.id))
      .returning();
    if (tags) await setStyleTags(tx, current.id, tags);
    return withTags(deps, tx, row!);
  });
}

/**
 * Hides the style from everyone but its artist, for good. Idempotent: archiving an archived style returns
 * it unchanged. Generated images and licenses keep pointing at the row, which is why it is never deleted.
 */
export async function archiveStyle(deps: StyleDeps, userId: string, styleId: string): Promise<MyStyle> {
  return deps.database.db.transaction(async (tx) => {
    const current = await lockOwnStyle(tx, userId, styleId);
    if (current.status === 'archived') return withTags(deps, tx, current);
    const [row] = await tx
      .update(styles)
      .set({ status: 'archived', updatedAt: new Date() })
      .where(eq(styles.id, current.id))
      .returning();
    return withTags(deps, tx, row!);
  });
}

/** Every style of the artist, in any status, newest first. */
export async function listMyStyles(deps: StyleDeps, userId: string): Promise<MyStyle[]> {
  const db = deps.database.db;
  const rows = await db
    .select()
    .from(styles)
    .where(eq(styles.artistId, userId))
    .orderBy(desc(styles.createdAt), desc(styles.id));
  const ids = rows.map((row) => row.id);
  const [tagsByStyle, runs] = await Promise.all([tagsOfStyles(db, ids), latestRuns(db, ids)]);
  return Promise.all(
    rows.map((row) => toMyStyle(deps, row, tagsByStyle.get(row.id) ?? [], runs.get(row.id) ?? null)),
  );
}

/**
 * The signed samples of the version on sale, as its run reported them: a retrained style shows its new
 * version's pictures once that version is on sale, and its current ones until then (or after a failed
 * retrain). A model trained before versions were recorded has no such list: its run's signed samples are
 * found by listing the store (every signed one when the run is unknown). Unsigned samples never count.
 */
async function sampleKeys(deps: StyleDeps, styleId: string): Promise<string[]> {
  const current = await currentVersionOf(deps.database.db, styleId);
  if (!current) return [];
  const keys = current.sampleKeys ?? (await deps.storage.list(samplesPrefix(styleId)));
  const run = current.trainingJobId
    ? `${samplesPrefix(styleId)}${current.trainingJobId}-`
    : samplesPrefix(styleId);
  return keys
    .filter((key) => isSignedSampleKey(styleId, key) && key.startsWith(run))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .slice(0, MAX_SAMPLE_URLS);
}

/**
 * The public style page. `viewerId` is the signed-in user, or null. A style that is not ready is visible
 * to its artist only; for anyone else it does not exist.
 */
export async function getStyle(
  deps: StyleDeps,
  viewerId: string | null,
  styleId: string,
): Promise<StyleDetail> {
  const db = deps.database.db;
  const [found] = await db
    .select({ style: styles, artistName: users.displayName, artistIsDemo: users.isDemo })
    .from(styles)
    .innerJoin(users, eq(users.id, styles.artistId))
    .where(eq(styles.id, styleId));
  const isOwner = found !== undefined && found.style.artistId === viewerId;
  if (!found || (found.style.status !== 'ready' && !isOwner))
    throw new AppError('NOT_FOUND', 'No such style');
  const { style } = found;
  const [tagsByStyle, thumbnailUrl, samples, runs] = await Promise.all([
    tagsOfStyles(db, [style.id]),
    thumbnailUrlOf(deps, style),
    // Samples exist only once a version is on sale; skip the listing before that.
    style.currentVersion !== null ? sampleKeys(deps, style.id) : Promise.resolve([]),
    // How training goes is the artist's business only.
    isOwner ? latestRuns(db, [style.id]) : Promise.resolve(new Map<string, TrainingRun>()),
  ]);
  return {
    id: style.id,
    name: style.name,
    description: style.description,
    tags: tagsByStyle.get(style.id) ?? [],
    priceTokens: style.priceTokens,
    status: style.status,
    progress: style.progress,
    version: style.currentVersion,
    training: runs.get(style.id) ?? null,
    artist: { id: style.artistId, displayName: found.artistName },
    createdAt: style.createdAt.toISOString(),
    trainedAt: style.trainedAt?.toISOString() ?? null,
    thumbnailUrl,
    sampleUrls: await Promise.all(samples.map((key) => presignStyleImage(deps, key))),
    demo: found.artistIsDemo,
  };
}
