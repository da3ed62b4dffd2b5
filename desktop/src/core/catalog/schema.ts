/**
 * The catalog's tables, created on open in plain SQL (one embedded database per studio, no migration
 * tool). Invariants held by the database itself: an image belongs to exactly one library folder and
 * leaves with it; a tag row leaves with its image; ratings, picks and formats stay in their closed sets.
 */
import type { PGlite } from '@electric-sql/pglite';
import { AppError } from '@style-license/shared';
import { LIBRARY_FORMATS, PICKS } from '../model';

/** Raised when the table layout changes; a catalog written by a newer studio is refused, not guessed at. */
export const CATALOG_SCHEMA_VERSION = 1;

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

const SCHEMA_SQL = `
create table if not exists catalog_meta (
  key text primary key,
  value text not null
);

create table if not exists folders (
  path text primary key,
  added_at timestamptz not null default now()
);

create table if not exists images (
  id uuid primary key,
  path text not null unique,
  folder text not null references folders (path) on delete cascade on update cascade,
  byte_size bigint not null check (byte_size >= 0),
  mtime_ms double precision not null,
  sha256 text not null,
  format text check (format in (${quoted(LIBRARY_FORMATS)})),
  width integer check (width > 0),
  height integer check (height > 0),
  perceptual_hash text,
  corrupt boolean not null,
  rating smallint not null default 0 check (rating between 0 and 5),
  pick text not null default 'none' check (pick in (${quoted(PICKS)}))
);
create index if not exists images_folder on images (folder);
create index if not exists images_mtime on images (mtime_ms, path);
create index if not exists images_size on images (byte_size, path);
create index if not exists images_rating on images (rating, path);

create table if not exists image_tags (
  image_id uuid not null references images (id) on delete cascade,
  tag text not null,
  position integer not null,
  primary key (image_id, tag)
);
-- The tag filter reads one tag's image ids at a time.
create index if not exists image_tags_tag on image_tags (tag, image_id);

create table if not exists ignored_files (
  path text primary key,
  folder text not null references folders (path) on delete cascade on update cascade,
  byte_size bigint not null,
  mtime_ms double precision not null
);
create index if not exists ignored_files_folder on ignored_files (folder);
`;

export async function createSchema(db: PGlite): Promise<void> {
  await db.exec(SCHEMA_SQL);
  const found = await db.query<{ value: string }>(
    `select value from catalog_meta where key = 'schema_version'`,
  );
  const version = found.rows[0] ? Number(found.rows[0].value) : null;
  if (version === null) {
    await db.query(`insert into catalog_meta (key, value) values ('schema_version', $1)`, [
      String(CATALOG_SCHEMA_VERSION),
    ]);
  } else if (version > CATALOG_SCHEMA_VERSION) {
    throw new AppError('CONFLICT', `This catalog was written by a newer studio (layout ${version})`);
  }
}
