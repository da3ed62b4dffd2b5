/**
 * Applies one folder's scan inside a transaction. Invariants: an image keeps its id (and so its tags,
 * rating and pick) while its path exists, whatever its content becomes; a file that moved within the
 * scan (gone from one path, the same bytes at a new one) keeps its id too; what is gone from disk leaves.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from '@electric-sql/pglite';
import type { FolderScan, ScannedImage, folderScanSchema } from './inputs';
import type { z } from 'zod';

export interface ScanApplied {
  added: number;
  /** Read again at the same path (its content or dates changed). */
  updated: number;
  /** Found at a new path with the bytes of an image gone from its old one. */
  moved: number;
  removed: number;
}

type Queryable = Pick<Transaction, 'query'>;
type Scan = z.output<typeof folderScanSchema>;
export type { FolderScan };

const RECORD_COLUMNS = `id uuid, path text, byte_size bigint, mtime_ms double precision, sha256 text,
  format text, width integer, height integer, perceptual_hash text, corrupt boolean`;

function recordRow(id: string, image: ScannedImage) {
  return {
    id,
    path: image.path,
    byte_size: image.byteSize,
    mtime_ms: image.mtimeMs,
    sha256: image.sha256,
    format: image.format,
    width: image.width,
    height: image.height,
    perceptual_hash: image.perceptualHash,
    corrupt: image.corrupt,
  };
}

export async function applyFolderScan(tx: Queryable, scan: Scan): Promise<ScanApplied> {
  const existing = await tx.query<{ id: string; path: string; sha256: string }>(
    'select id, path, sha256 from images where folder = $1',
    [scan.folder],
  );
  const present = new Set([...scan.unchanged, ...scan.changed.map((image) => image.path)]);
  const idByPath = new Map(existing.rows.map((row) => [row.path, row.id]));
  const goneBySha = new Map<string, string[]>();
  for (const row of existing.rows) {
    if (present.has(row.path)) continue;
    goneBySha.set(row.sha256, [...(goneBySha.get(row.sha256) ?? []), row.id]);
  }

  const updates: ReturnType<typeof recordRow>[] = [];
  const inserts: ReturnType<typeof recordRow>[] = [];
  let moved = 0;
  for (const image of scan.changed) {
    const id = idByPath.get(image.path);
    if (id) {
      updates.push(recordRow(id, image));
      continue;
    }
    const movedId = goneBySha.get(image.sha256)?.pop();
    if (movedId) {
      moved++;
      updates.push(recordRow(movedId, image));
    } else inserts.push(recordRow(randomUUID(), image));
  }
  const gone = [...goneBySha.values()].flat();

  // Gone rows first: a moved row takes a new path, which no remaining row can hold (paths are unique
  // across folders, and folders never nest).
  if (gone.length)
    await tx.query(
      'delete from images where id in (select value::uuid from json_array_elements_text($1::json))',
      [JSON.stringify(gone)],
    );
  if (updates.length)
    await tx.query(
      `update images set path = r.path, byte_size = r.byte_size, mtime_ms = r.mtime_ms, sha256 = r.sha256,
         format = r.format, width = r.width, height = r.height, perceptual_hash = r.perceptual_hash,
         corrupt = r.corrupt
       from json_to_recordset($1::json) as r(${RECORD_COLUMNS}) where images.id = r.id`,
      [JSON.stringify(updates)],
    );
  if (inserts.length)
    await tx.query(
      `insert into images (id, path, folder, byte_size, mtime_ms, sha256, format, width, height, perceptual_hash, corrupt)
       select r.id, r.path, $2, r.byte_size, r.mtime_ms, r.sha256, r.format, r.width, r.height, r.perceptual_hash, r.corrupt
       from json_to_recordset($1::json) as r(${RECORD_COLUMNS})`,
      [JSON.stringify(inserts), scan.folder],
    );

  await tx.query('delete from ignored_files where folder = $1', [scan.folder]);
  if (scan.ignored.length)
    await tx.query(
      `insert into ignored_files (path, folder, byte_size, mtime_ms)
       select r.path, $2, r.byte_size, r.mtime_ms
       from json_to_recordset($1::json) as r(path text, byte_size bigint, mtime_ms double precision)
       on conflict (path) do update set byte_size = excluded.byte_size, mtime_ms = excluded.mtime_ms`,
      [
        JSON.stringify(
          scan.ignored.map((f) => ({ path: f.path, byte_size: f.byteSize, mtime_ms: f.mtimeMs })),
        ),
        scan.folder,
      ],
    );
  return { added: inserts.length, updated: updates.length - moved, moved, removed: gone.length };
}
