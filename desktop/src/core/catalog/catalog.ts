/**
 * The studio's persistent catalog: library folders, their image records, the artist's ratings, picks and
 * tags, in an embedded PostgreSQL (PGlite, WASM: nothing to rebuild for Electron). Every operation parses
 * its input first and writes in one transaction, so a refused call changes nothing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { z } from 'zod';
import { AppError, parseInput } from '@style-license/shared';
import type { CatalogImage, Pick, TagChange, TagStore } from '../model';
import {
  absolutePathSchema,
  catalogFilterSchema,
  catalogQuerySchema,
  folderScanSchema,
  imageIdsSchema,
  isInside,
  lookupIdsSchema,
  pickSchema,
  ratingSchema,
  tagChangesSchema,
  type CatalogFilter,
  type CatalogQuery,
  type FolderScan,
} from './inputs';
import { encodeCursor, filterSql, IMAGE_COLUMNS, imageFromRow, pageSql, type ImageRow } from './query';
import { applyFolderScan, type ScanApplied } from './scan-apply';
import { createSchema } from './schema';
import { SqlParams } from './sql-params';

export interface OpenCatalogOptions {
  /** The data folder (created if missing); without one the catalog lives in memory (tests). */
  dir?: string;
}

export interface CatalogPage {
  images: CatalogImage[];
  /** Pass as `cursor` with the same filter and sort for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface LibraryFolder {
  path: string;
  images: number;
}

/** What the catalog knows of a file on disk: enough for a rescan to tell whether to read it again. */
export interface KnownFile {
  kind: 'image' | 'ignored';
  byteSize: number;
  mtimeMs: number;
}

export interface Catalog extends TagStore {
  /** Adds a library folder; folders already in the catalog under it are merged into it (ids kept). */
  addFolder(path: string): Promise<{ folder: string; merged: string[] }>;
  /** Removes a folder with its images and their tags; answers how many images left. */
  removeFolder(path: string): Promise<{ removed: number }>;
  folders(): Promise<LibraryFolder[]>;
  knownFiles(folder: string): Promise<Map<string, KnownFile>>;
  upsertScanned(scan: FolderScan): Promise<ScanApplied>;
  query(query?: CatalogQuery): Promise<CatalogPage>;
  count(filter?: CatalogFilter): Promise<number>;
  /** The images with these ids, in the order asked; unknown ids are left out. */
  get(ids: readonly string[]): Promise<CatalogImage[]>;
  setRating(ids: readonly string[], rating: number): Promise<void>;
  setPick(ids: readonly string[], pick: Pick): Promise<void>;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_MISSING_DETAILS = 20;
/** Data folders open in this process: two PGlite instances on one folder would corrupt it. */
const openDirs = new Set<string>();

type Queryable = { query: Transaction['query'] };

export async function openCatalog(options: OpenCatalogOptions = {}): Promise<Catalog> {
  const dir = options.dir === undefined ? undefined : resolve(options.dir);
  if (dir !== undefined) {
    if (openDirs.has(dir)) throw new AppError('CONFLICT', `The catalog at ${dir} is already open`);
    mkdirSync(dirname(dir), { recursive: true });
    openDirs.add(dir);
  }
  try {
    if (dir !== undefined && !existsSync(join(dir, 'PG_VERSION'))) {
      // A new data folder: the instance that ran initdb keeps its memory (about 500 MB here) for life,
      // so it only creates the folder and a fresh instance serves the studio.
      const creator = new PGlite(dir);
      await creator.waitReady;
      await creator.close();
    }
    const db = new PGlite(dir);
    await db.waitReady;
    await createSchema(db);
    return new PgliteCatalog(db, dir);
  } catch (error) {
    if (dir !== undefined) openDirs.delete(dir);
    throw error;
  }
}

/** Throws NOT_FOUND (rolling the transaction back) unless every id names an image. */
async function requireImages(tx: Queryable, ids: readonly string[]): Promise<void> {
  const found = await tx.query<{ id: string }>('select id from images where id = any($1::uuid[])', [ids]);
  if (found.rows.length === ids.length) return;
  const known = new Set(found.rows.map((row) => row.id));
  const missing = ids.filter((id) => !known.has(id));
  throw new AppError('NOT_FOUND', `${missing.length} of the images are not in the catalog`, {
    details: missing.slice(0, MAX_MISSING_DETAILS).map((id) => ({
      path: 'imageId',
      rule: 'unknown_image',
      message: 'No image with this id',
      value: id,
    })),
  });
}

class PgliteCatalog implements Catalog {
  constructor(
    private readonly db: PGlite,
    private readonly dir: string | undefined,
  ) {}

  async addFolder(path: string) {
    const folder = parseInput(absolutePathSchema, path);
    return this.db.transaction(async (tx) => {
      const folders = (await tx.query<{ path: string }>('select path from folders')).rows.map((r) => r.path);
      if (folders.includes(folder)) return { folder, merged: [] };
      const outer = folders.find((existing) => isInside(existing, folder));
      if (outer !== undefined)
        throw new AppError('CONFLICT', `This folder is already in the library, inside ${outer}`, {
          details: [{ path: 'path', rule: 'inside_library_folder', message: outer, value: outer }],
        });
      const merged = folders.filter((existing) => isInside(folder, existing));
      await tx.query('insert into folders (path) values ($1)', [folder]);
      if (merged.length) {
        await tx.query('update images set folder = $1 where folder = any($2::text[])', [folder, merged]);
        await tx.query('update ignored_files set folder = $1 where folder = any($2::text[])', [
          folder,
          merged,
        ]);
        await tx.query('delete from folders where path = any($1::text[])', [merged]);
      }
      return { folder, merged };
    });
  }

  async removeFolder(path: string) {
    const folder = parseInput(absolutePathSchema, path);
    return this.db.transaction(async (tx) => {
      const images = await tx.query<{ n: number }>(
        'select count(*)::int as n from images where folder = $1',
        [folder],
      );
      const deleted = await tx.query('delete from folders where path = $1 returning path', [folder]);
      if (deleted.rows.length === 0) throw new AppError('NOT_FOUND', 'This folder is not in the library');
      return { removed: images.rows[0]?.n ?? 0 };
    });
  }

  async folders() {
    const result = await this.db.query<{ path: string; images: number }>(
      `select f.path, (select count(*)::int from images i where i.folder = f.path) as images
       from folders f order by f.path`,
    );
    return result.rows;
  }

  async knownFiles(path: string) {
    const folder = parseInput(absolutePathSchema, path);
    const result = await this.db.query<{
      path: string;
      kind: KnownFile['kind'];
      byte_size: number;
      mtime_ms: number;
    }>(
      `select path, 'image' as kind, byte_size, mtime_ms from images where folder = $1
       union all select path, 'ignored' as kind, byte_size, mtime_ms from ignored_files where folder = $1`,
      [folder],
    );
    return new Map(
      result.rows.map((row) => [
        row.path,
        { kind: row.kind, byteSize: Number(row.byte_size), mtimeMs: row.mtime_ms },
      ]),
    );
  }

  async upsertScanned(input: FolderScan) {
    const scan = parseInput(folderScanSchema, input);
    return this.db.transaction(async (tx) => {
      const folder = await tx.query('select 1 from folders where path = $1', [scan.folder]);
      if (folder.rows.length === 0) throw new AppError('NOT_FOUND', 'This folder is not in the library');
      return applyFolderScan(tx, scan);
    });
  }

  async query(input: CatalogQuery = {}) {
    const query = parseInput(catalogQuerySchema, input);
    const { text, values } = pageSql(query);
    const rows = (await this.db.query<ImageRow>(text, values)).rows.map(imageFromRow);
    const images = rows.slice(0, query.limit);
    const last = images.at(-1);
    return {
      images,
      nextCursor: rows.length > query.limit && last ? encodeCursor(last, query.sort) : null,
    };
  }

  async count(input: CatalogFilter = {}) {
    const filter = parseInput(catalogFilterSchema, input);
    const params = new SqlParams();
    const where = filterSql(filter, params);
    const result = await this.db.query<{ n: number }>(
      `select count(*)::int as n from images i where ${where}`,
      params.values,
    );
    return result.rows[0]?.n ?? 0;
  }

  async get(input: readonly string[]) {
    const ids = parseInput(lookupIdsSchema, input).filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    const result = await this.db.query<ImageRow>(
      `select ${IMAGE_COLUMNS} from images i where i.id = any($1::uuid[])`,
      [ids],
    );
    const byId = new Map(result.rows.map((row) => [row.id, imageFromRow(row)]));
    return [...new Set(ids)].flatMap((id) => byId.get(id.toLowerCase()) ?? []);
  }

  async setRating(inputIds: readonly string[], inputRating: number) {
    const { ids, value } = parseInput(z.object({ ids: imageIdsSchema, value: ratingSchema }), {
      ids: inputIds,
      value: inputRating,
    });
    await this.setMark('rating', ids, value);
  }

  async setPick(inputIds: readonly string[], inputPick: Pick) {
    const { ids, value } = parseInput(z.object({ ids: imageIdsSchema, value: pickSchema }), {
      ids: inputIds,
      value: inputPick,
    });
    await this.setMark('pick', ids, value);
  }

  /** All or nothing: one unknown id and no image's mark changes. */
  private async setMark(column: 'rating' | 'pick', ids: string[], value: number | string) {
    await this.db.transaction(async (tx) => {
      await requireImages(tx, ids);
      await tx.query(`update images set ${column} = $1 where id = any($2::uuid[])`, [value, ids]);
    });
  }

  async tagsOf(input: readonly string[]) {
    const ids = parseInput(lookupIdsSchema, input).filter((id) => UUID.test(id));
    const tags = new Map<string, string[]>();
    if (ids.length === 0) return tags;
    const result = await this.db.query<{ id: string; tags: string[] }>(
      `select i.id, coalesce((select array_agg(t.tag order by t.position) from image_tags t
         where t.image_id = i.id), '{}') as tags
       from images i where i.id = any($1::uuid[])`,
      [ids],
    );
    const byId = new Map(result.rows.map((row) => [row.id, row.tags]));
    for (const id of ids) {
      const found = byId.get(id.toLowerCase());
      if (found) tags.set(id, found);
    }
    return tags;
  }

  async setTags(input: readonly TagChange[]) {
    const changes = parseInput(tagChangesSchema, input);
    if (changes.length === 0) return;
    const ids = changes.map((change) => change.imageId);
    const rows = changes.flatMap((change) =>
      change.tags.map((tag, position) => ({ image_id: change.imageId, tag, position })),
    );
    await this.db.transaction(async (tx) => {
      await requireImages(tx, ids);
      await tx.query('delete from image_tags where image_id = any($1::uuid[])', [ids]);
      if (rows.length)
        await tx.query(
          `insert into image_tags (image_id, tag, position)
           select r.image_id, r.tag, r.position
           from json_to_recordset($1::json) as r(image_id uuid, tag text, position integer)`,
          [JSON.stringify(rows)],
        );
    });
  }

  async tagCounts() {
    const result = await this.db.query<{ tag: string; n: number }>(
      'select tag, count(*)::int as n from image_tags group by tag order by tag',
    );
    return new Map(result.rows.map((row) => [row.tag, row.n]));
  }

  async close() {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      if (this.dir !== undefined) openDirs.delete(this.dir);
    }
  }
}
