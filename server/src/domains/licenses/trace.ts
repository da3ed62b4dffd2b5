/**
 * Tracing an image back to the license it was issued under, by the strongest evidence it still
 * carries: the exact file (SHA-256 of the issued bytes), our content credentials (a C2PA manifest we
 * signed, still bound to these bytes), or the invisible license mark (which survives re-encoding,
 * resizing and cropping: an edited copy). Used by verification (anyone asking about a file) and by the
 * training-upload check (nobody trains a style on images the platform generated).
 */
import { and, eq, gte, lte } from 'drizzle-orm';
import { schema } from '@style-license/db';
import {
  loadTrustAnchors,
  readContentCredentials,
  type CredentialReading,
  type TrustAnchors,
} from '@style-license/platform/content-credentials';
import {
  createMarkReader,
  MarkReaderBusy,
  markKeyOf,
  type MarkReader,
} from '@style-license/platform/license-mark';
import { AppError } from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { sha256Hex } from '../training/image-checks';

const { licenses } = schema;

export type TraceEvidence = 'file_hash' | 'content_credentials' | 'license_mark';

export interface PlatformOrigin {
  licenseId: string;
  generationId: string;
  styleId: string;
  artistId: string;
  evidence: TraceEvidence;
  /** 1 for the exact file and our valid manifest; the mark detector's confidence for a mark. */
  confidence: number;
}

export interface TraceOptions {
  /** `upload-check` reads the mark with the quick search (no turned copies), as it runs on every upload. */
  purpose?: 'upload-check' | 'verify';
}

type TraceDeps = Pick<ServerDeps, 'database' | 'config' | 'logger' | 'markReader'>;

/** One reader per key in this process, made on first use: most servers never read a mark. */
const readers = new Map<string, MarkReader>();
export function sharedMarkReader(key: string): MarkReader {
  let reader = readers.get(key);
  if (!reader) readers.set(key, (reader = createMarkReader({ key })));
  return reader;
}
export async function closeSharedMarkReaders(): Promise<void> {
  const open = [...readers.values()];
  readers.clear();
  await Promise.all(open.map((reader) => reader.close()));
}

const originColumns = {
  licenseId: licenses.id,
  generationId: licenses.generationId,
  styleId: licenses.styleId,
  artistId: licenses.artistId,
};

async function byFileHash(deps: TraceDeps, bytes: Uint8Array) {
  const [row] = await deps.database.db
    .select(originColumns)
    .from(licenses)
    .where(eq(licenses.fileSha256, sha256Hex(bytes)))
    .limit(1);
  return row;
}

/**
 * The license whose id starts with the mark's 48 bits. Ids are random v4 UUIDs, so this is a range on
 * the primary key's index. Two licenses sharing 48 bits (likely only past ~10 million licenses) make
 * the mark ambiguous: it then traces to neither, rather than to a coin toss.
 */
async function byMark(deps: TraceDeps, bytes: Uint8Array, options: TraceOptions) {
  const reader = deps.markReader ?? sharedMarkReader(markKeyOf(deps.config));
  const reading = await reader
    .read(bytes, { search: options.purpose === 'upload-check' ? 'quick' : 'thorough' })
    .catch((error: unknown) => {
      if (!(error instanceof MarkReaderBusy)) throw error;
      throw new AppError('UNAVAILABLE', 'Too many images are being checked right now; try again shortly', {
        retryAfter: 5,
      });
    });
  if (!reading.licensePrefix) return undefined;
  const rows = await deps.database.db
    .select(originColumns)
    .from(licenses)
    .where(
      and(
        gte(licenses.id, `${reading.licensePrefix}-0000-0000-000000000000`),
        lte(licenses.id, `${reading.licensePrefix}-ffff-ffff-ffffffffffff`),
      ),
    )
    .limit(2);
  if (rows.length !== 1) {
    deps.logger.warn(
      { licensePrefix: reading.licensePrefix, matches: rows.length },
      rows.length ? 'license mark matches several licenses' : 'license mark names no license',
    );
    return undefined;
  }
  return { ...rows[0]!, confidence: reading.confidence };
}

/** Our CA, read once per configured file. */
const anchors = new Map<string, TrustAnchors>();
function trustAnchorsOf(config: TraceDeps['config']): TrustAnchors {
  const path = config.CONTENT_CREDENTIALS_TRUST_ANCHOR;
  let trust = anchors.get(path);
  if (!trust) anchors.set(path, (trust = loadTrustAnchors(config)));
  return trust;
}

/** A license our valid manifest names, if it was really issued (a manifest is only as good as our records). */
async function byCredentials(deps: TraceDeps, reading: CredentialReading | null) {
  if (!reading?.valid || !reading.ours || !reading.license) return undefined;
  const [row] = await deps.database.db
    .select(originColumns)
    .from(licenses)
    .where(eq(licenses.id, reading.license.licenseId))
    .limit(1);
  return row;
}

export interface ImageTrace {
  origin: PlatformOrigin | null;
  /** The file's content credentials, whoever signed them (null: none). */
  credentials: CredentialReading | null;
}

/** The strongest evidence first: the exact file, then our manifest, then the mark (the costliest). */
export async function traceImage(
  deps: TraceDeps,
  bytes: Uint8Array,
  options: TraceOptions = {},
): Promise<ImageTrace> {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [exact, credentials] = await Promise.all([
    byFileHash(deps, bytes),
    readContentCredentials(file, trustAnchorsOf(deps.config)),
  ]);
  if (exact) return { origin: { ...exact, evidence: 'file_hash', confidence: 1 }, credentials };
  const credentialed = await byCredentials(deps, credentials);
  if (credentialed) {
    return { origin: { ...credentialed, evidence: 'content_credentials', confidence: 1 }, credentials };
  }
  const marked = await byMark(deps, bytes, options);
  return { origin: marked ? { ...marked, evidence: 'license_mark' } : null, credentials };
}

export async function tracePlatformOrigin(
  deps: TraceDeps,
  bytes: Uint8Array,
  options: TraceOptions = {},
): Promise<PlatformOrigin | null> {
  return (await traceImage(deps, bytes, options)).origin;
}
