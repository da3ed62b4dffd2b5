// What a generation looks like to its owner and to everyone else, and who may download the file.
import { and, eq, sql } from 'drizzle-orm';
import { getTableColumns } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import { AppError } from '@style-license/shared';
import type { ObjectStorage } from '@style-license/platform/storage';
import { descendingKeyset, fetchKeysetPage } from '../paging/keyset';
import type { GenerationRow } from './service';

const { generations, styles } = schema;

/** A generation with the name of its style, as its owner's views show it. */
type OwnedRow = GenerationRow & { styleName: string };
const withStyleName = { ...getTableColumns(generations), styleName: styles.name };
const URL_SECONDS = 10 * 60;

export async function ownerView(storage: ObjectStorage, row: OwnedRow) {
  return {
    id: row.id,
    styleId: row.styleId,
    styleName: row.styleName,
    /** The style's model version it was made with (null only for generations older than versions). */
    styleVersion: row.styleVersion,
    status: row.status,
    promptTags: row.promptTags,
    text: row.promptText,
    seed: row.seed,
    costTokens: row.costTokens,
    visibility: row.visibility,
    licenseId: row.status === 'succeeded' ? row.licenseId : null,
    /** Clients translate the code (i18n `jobFailures.generation.<code>`); the reason is its English. */
    failureCode: row.failureCode,
    failureReason: row.failureReason,
    /** The limit that passed, for `expired` (the `{{duration}}` of the translated sentence). */
    failureSeconds: row.failureSeconds,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    previewUrl: row.previewKey
      ? await storage.presignGet(row.previewKey, { expiresInSeconds: URL_SECONDS })
      : null,
  };
}

export async function loadGeneration(db: Db, id: string) {
  const [row] = await db.select().from(generations).where(eq(generations.id, id));
  return row;
}

/** A generation with its style's name, for its owner's views. */
export async function loadOwnedGeneration(db: Db, id: string): Promise<OwnedRow | undefined> {
  const [row] = await db
    .select(withStyleName)
    .from(generations)
    .innerJoin(styles, eq(styles.id, generations.styleId))
    .where(eq(generations.id, id));
  return row;
}

/** Owners see everything; others see a public generation's preview only; otherwise it does not exist. */
export async function viewFor(db: Db, storage: ObjectStorage, viewerId: string | null, id: string) {
  const row = await loadOwnedGeneration(db, id);
  if (!row) throw new AppError('NOT_FOUND', 'No such generation');
  if (row.ownerId === viewerId) return { ...(await ownerView(storage, row)), mine: true as const };
  if (row.visibility !== 'public' || row.status !== 'succeeded')
    throw new AppError('NOT_FOUND', 'No such generation');
  return {
    id: row.id,
    styleId: row.styleId,
    status: row.status,
    promptTags: row.promptTags,
    likeCount: row.likeCount,
    commentCount: row.commentCount,
    previewUrl: await storage.presignGet(row.previewKey!, { expiresInSeconds: URL_SECONDS }),
    mine: false as const,
  };
}

/** The signed, licensed PNG: for its owner only; anyone else gets LICENSE_REQUIRED (or NOT_FOUND). */
export async function downloadUrl(db: Db, storage: ObjectStorage, viewerId: string, id: string) {
  const row = await loadGeneration(db, id);
  if (!row || (row.ownerId !== viewerId && row.visibility !== 'public')) {
    throw new AppError('NOT_FOUND', 'No such generation');
  }
  if (row.ownerId !== viewerId) {
    throw new AppError('LICENSE_REQUIRED', 'Only the license holder can download the licensed file');
  }
  if (row.status !== 'succeeded') throw new AppError('CONFLICT', `The image is ${row.status}`);
  const url = await storage.presignGet(row.imageKey!, {
    expiresInSeconds: URL_SECONDS,
    downloadName: `style-license-${row.id}.png`,
  });
  return { url, licenseId: row.licenseId };
}

/** Newest first; the id breaks ties between generations made in the same microsecond. */
const newestFirst = descendingKeyset(generations.createdAt, generations.id);

/**
 * The owner's generations, newest first, keyset-paginated on (created_at, id). The cursor is the id of
 * the last generation of the previous page, looked up among the owner's own only: an unknown or foreign
 * one yields an empty page.
 */
export async function listMine(
  db: Db,
  storage: ObjectStorage,
  ownerId: string,
  input: { cursor?: string; limit: number },
) {
  const after = input.cursor
    ? newestFirst.after(
        sql`SELECT created_at, id FROM generations WHERE id = ${input.cursor} AND owner_id = ${ownerId}`,
      )
    : undefined;
  const { page, nextCursor } = await fetchKeysetPage(
    input.limit,
    (fetchLimit) =>
      db
        .select(withStyleName)
        .from(generations)
        .innerJoin(styles, eq(styles.id, generations.styleId))
        .where(and(eq(generations.ownerId, ownerId), after))
        .orderBy(...newestFirst.orderBy)
        .limit(fetchLimit),
    (last) => last.id,
  );
  return {
    items: await Promise.all(page.map((row) => ownerView(storage, row))),
    nextCursor,
  };
}
