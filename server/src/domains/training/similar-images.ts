/**
 * Finds another artist's training image that an upload copies, across every style, through indexes
 * (multi-index hashing) rather than by reading every row. The hash is the copy hash (platform
 * images/copy-hash.ts), not the perceptual hash, whose dHash put a resized JPEG q70 copy of a third of
 * the pale pictures more than 6 bits away. Two 64-bit hashes within COPY_MATCH_BITS (7) differ in at most
 * ⌊7/4⌋ = 1 bit in at least one of their four 16-bit quarters — pigeonhole: were all four 2 or more bits
 * apart, they would be 8 apart — so the candidates are the rows with some quarter within one bit of the
 * upload's (17 values per quarter, each quarter its own index), and the query keeps those whose whole
 * hash is within 7 bits. A hash match is then confirmed by comparing the two pictures themselves: 64 bits
 * may put distinct pictures of one look close together, and a false match would keep an artist's own
 * work out of their style. Only styles of other artists count: an artist may train several styles on the
 * same works. Images recorded before migration 0018 have no copy hash until copy-hash-backfill.ts reads
 * them, and are not found meanwhile.
 */
import { and, eq, inArray, lte, ne, or, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { schema, type Db } from '@style-license/db';
import { COPY_MATCH_BITS } from '@style-license/platform/images';
import type { ServerDeps } from '../../deps';
import { withDecodeSlot } from '../../security/decode-slots';

const { styles, trainingImages } = schema;

/** Bits a quarter of a near-duplicate may differ by in the quarter that differs least. */
const QUARTER_SLACK = Math.floor(COPY_MATCH_BITS / 4);
/** Hash matches checked picture by picture, closest first; more only happens in a crowd of look-alikes. */
const MAX_CONFIRMED = 10;
/**
 * Correlation of the two pictures' 32×32 greyscale copies at or over which they are one picture.
 * Measured on synthetic artworks: copies resized to 75 % and saved as JPEG q70 stay at 0.989 or above;
 * distinct pictures whose (perceptual) hashes were within 6 bits reached 0.82 at most.
 */
export const SAME_PICTURE_CORRELATION = 0.95;
const COMPARE_SIDE = 32;

export interface OtherArtistMatch {
  imageId: string;
  styleId: string;
  artistId: string;
  /** Differing bits of the two copy hashes. */
  distance: number;
  /** The pictures' correlation, or null when the matched image's bytes are gone (the hash decided). */
  similarity: number | null;
}

/** The 16-bit values within `slack` bits of `value`: the lookups for one quarter. */
export function quarterVariants(value: number, slack = QUARTER_SLACK): number[] {
  let found = [value];
  for (let round = 0; round < slack; round++) {
    const next = new Set(found);
    for (const v of found) for (let bit = 0; bit < 16; bit++) next.add(v ^ (1 << bit));
    found = [...next];
  }
  return found;
}

/** The copy hash's quarters, most significant first, as the generated columns phash_0…phash_3 hold them. */
export function hashQuarters(hash: string): [number, number, number, number] {
  const quarter = (n: number) => Number.parseInt(hash.slice(n * 4, n * 4 + 4), 16);
  return [quarter(0), quarter(1), quarter(2), quarter(3)];
}

/**
 * Training images of other artists' styles whose copy hash is within COPY_MATCH_BITS of `hash`, closest
 * first (at most `limit`). The query itself (awaitable), so a test can read its plan.
 */
export function nearHashesOfOtherArtists(db: Db, artistId: string, hash: string, limit = MAX_CONFIRMED) {
  const columns = [
    trainingImages.phash0,
    trainingImages.phash1,
    trainingImages.phash2,
    trainingImages.phash3,
  ];
  const quarters = hashQuarters(hash);
  const distance = sql<number>`bit_count(('x' || ${trainingImages.copyHash})::bit(64) # ${`x${hash}`}::bit(64))::int`;
  return db
    .select({
      imageId: trainingImages.id,
      styleId: trainingImages.styleId,
      artistId: styles.artistId,
      trainingKey: trainingImages.trainingKey,
      objectKey: trainingImages.objectKey,
      distance,
    })
    .from(trainingImages)
    .innerJoin(styles, eq(styles.id, trainingImages.styleId))
    .where(
      and(
        or(...columns.map((column, n) => inArray(column, quarterVariants(quarters[n]!)))),
        lte(distance, COPY_MATCH_BITS),
        ne(styles.artistId, artistId),
      ),
    )
    .orderBy(distance, trainingImages.id)
    .limit(limit);
}

/** A 32×32 greyscale copy with mean 0 and length 1: the dot product of two is their correlation. */
async function pictureVector(image: Buffer): Promise<Float64Array> {
  const pixels = await sharp(image, { limitInputPixels: 40_000_000 })
    .rotate()
    .greyscale()
    .resize(COMPARE_SIDE, COMPARE_SIDE, { fit: 'fill' })
    .raw()
    .toBuffer();
  const vector = Float64Array.from(pixels);
  const mean = vector.reduce((sum, v) => sum + v, 0) / vector.length;
  let norm = 0;
  for (let i = 0; i < vector.length; i++) {
    vector[i] = vector[i]! - mean;
    norm += vector[i]! * vector[i]!;
  }
  // A flat picture has no shape to compare: it correlates with nothing (and nothing with it).
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! * scale;
  return vector;
}

export function correlation(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * The other artist's training image that `upload` copies, if any. `trainingCopy` is the upload's
 * 512-px copy: it is compared with the candidate's own 512-px copy, so both sides are scaled alike.
 */
export async function findOtherArtistsCopy(
  deps: Pick<ServerDeps, 'database' | 'storage' | 'logger'>,
  artistId: string,
  upload: { copyHash: string; trainingCopy: Buffer },
): Promise<OtherArtistMatch | null> {
  const candidates = await nearHashesOfOtherArtists(deps.database.db, artistId, upload.copyHash);
  if (candidates.length === 0) return null;
  const mine = await withDecodeSlot(() => pictureVector(upload.trainingCopy));
  for (const candidate of candidates) {
    const match = {
      imageId: candidate.imageId,
      styleId: candidate.styleId,
      artistId: candidate.artistId,
      distance: candidate.distance,
    };
    const key = candidate.trainingKey ?? candidate.objectKey;
    // Storage failing now is a reason to try again (the error fails the confirm); an image whose bytes
    // are gone for good can only be judged by its hash, and a copy is refused rather than let through.
    if (!(await deps.storage.head(key))) {
      deps.logger.warn({ imageId: candidate.imageId, key }, 'matched training image has no stored copy');
      return { ...match, similarity: null };
    }
    const theirs = await withDecodeSlot(async () => pictureVector(await deps.storage.get(key)));
    const similarity = correlation(mine, theirs);
    if (similarity >= SAME_PICTURE_CORRELATION) return { ...match, similarity };
  }
  return null;
}
