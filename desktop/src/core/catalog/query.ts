/**
 * Catalog queries: filters as SQL conditions, sorts, and keyset pages whose cursor is the last row's
 * sort key and path (unique, so ties are ordered and no row is skipped or repeated between pages).
 * A cursor is opaque to clients but never trusted: a bad one, or one from another sort, is VALIDATION_FAILED.
 */
import { z } from 'zod';
import { AppError, IMAGE_FORMATS } from '@style-license/shared';
import type { CatalogImage, LibraryFormat, Pick } from '../model';
import type { ImageProblem, SortKey, catalogFilterSchema, catalogQuerySchema } from './inputs';
import { SqlParams } from './sql-params';
import { tagExpressionSql } from './tag-expression';

/** The platform's smallest training image side (server TRAINING_IMAGE_RULES.minSide). */
export const PLATFORM_MIN_SIDE = 512;

type Filter = z.output<typeof catalogFilterSchema>;
type Query = z.output<typeof catalogQuerySchema>;

const SORT_COLUMNS: Record<SortKey, string> = {
  path: 'i.path',
  mtime: 'i.mtime_ms',
  rating: 'i.rating',
  size: 'i.byte_size',
};

const PROBLEM_SQL: Record<ImageProblem, string> = {
  corrupt: 'i.corrupt',
  too_small: `(i.width < ${PLATFORM_MIN_SIDE} or i.height < ${PLATFORM_MIN_SIDE})`,
  // What the platform does not take: WebP, and anything not an image at all.
  wrong_format: `(i.format is null or i.format not in (${IMAGE_FORMATS.map((f) => `'${f}'`).join(', ')}))`,
};

export const IMAGE_COLUMNS = `
  i.id, i.path, i.folder, i.byte_size, i.mtime_ms, i.sha256, i.format, i.width, i.height,
  i.perceptual_hash, i.corrupt, i.rating, i.pick,
  coalesce((select array_agg(t.tag order by t.position) from image_tags t where t.image_id = i.id), '{}') as tags`;

export interface ImageRow {
  id: string;
  path: string;
  folder: string;
  byte_size: number | string;
  mtime_ms: number;
  sha256: string;
  format: string | null;
  width: number | null;
  height: number | null;
  perceptual_hash: string | null;
  corrupt: boolean;
  rating: number;
  pick: string;
  tags: string[];
}

export function imageFromRow(row: ImageRow): CatalogImage {
  return {
    id: row.id,
    path: row.path,
    folder: row.folder,
    byteSize: Number(row.byte_size),
    mtimeMs: row.mtime_ms,
    sha256: row.sha256,
    format: row.format as LibraryFormat | null,
    width: row.width,
    height: row.height,
    perceptualHash: row.perceptual_hash,
    corrupt: row.corrupt,
    rating: row.rating,
    pick: row.pick as Pick,
    tags: row.tags,
  };
}

/** The filter's conditions, joined by AND; `true` when there are none. */
export function filterSql(filter: Filter, params: SqlParams): string {
  const where: string[] = [];
  if (filter.folder !== undefined) where.push(`i.folder = ${params.add(filter.folder)}`);
  if (filter.tags !== undefined) where.push(tagExpressionSql(filter.tags, params));
  if (filter.untagged !== undefined)
    where.push(`${filter.untagged ? 'not ' : ''}exists (select 1 from image_tags t where t.image_id = i.id)`);
  if (filter.minRating !== undefined) where.push(`i.rating >= ${params.add(filter.minRating)}`);
  if (filter.picks !== undefined) where.push(`i.pick = any(${params.add(filter.picks)}::text[])`);
  if (filter.problems !== undefined)
    where.push(`(${filter.problems.map((problem) => PROBLEM_SQL[problem]).join(' or ')})`);
  return where.length ? where.join(' and ') : 'true';
}

const cursorSchema = z.strictObject({
  sort: z.string(),
  key: z.union([z.string(), z.number()]),
  path: z.string(),
});

function invalidCursor(): AppError {
  const message = 'The cursor is not valid for this query';
  return new AppError('VALIDATION_FAILED', message, {
    details: [{ path: 'cursor', rule: 'invalid_cursor', message }],
  });
}

const sortName = (sort: Query['sort']) => `${sort.by}:${sort.direction}`;

function decodeCursor(text: string, sort: Query['sort']): z.output<typeof cursorSchema> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const cursor = cursorSchema.safeParse(parsed);
  if (!cursor.success || cursor.data.sort !== sortName(sort)) throw invalidCursor();
  const keyIsText = sort.by === 'path';
  if (keyIsText !== (typeof cursor.data.key === 'string')) throw invalidCursor();
  return cursor.data;
}

function sortKeyOf(image: CatalogImage, by: SortKey): string | number {
  return { path: image.path, mtime: image.mtimeMs, rating: image.rating, size: image.byteSize }[by];
}

export function encodeCursor(image: CatalogImage, sort: Query['sort']): string {
  const cursor = { sort: sortName(sort), key: sortKeyOf(image, sort.by), path: image.path };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** One page's SQL: `limit + 1` rows, so the caller knows whether another page follows. */
export function pageSql(query: Query): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const where = [filterSql(query, params)];
  const column = SORT_COLUMNS[query.sort.by];
  const direction = query.sort.direction;
  const after = direction === 'asc' ? '>' : '<';
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor, query.sort);
    where.push(
      query.sort.by === 'path'
        ? `i.path ${after} ${params.add(cursor.path)}`
        : `(${column}, i.path) ${after} (${params.add(cursor.key)}, ${params.add(cursor.path)})`,
    );
  }
  const order =
    query.sort.by === 'path' ? `i.path ${direction}` : `${column} ${direction}, i.path ${direction}`;
  const limit = params.add(query.limit + 1);
  return {
    text: `select ${IMAGE_COLUMNS} from images i where ${where.join(' and ')} order by ${order} limit ${limit}`,
    values: params.values,
  };
}
