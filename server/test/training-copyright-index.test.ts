/**
 * The cross-artist near-duplicate search: through the four quarter indexes it finds exactly the images
 * a full comparison would (within COPY_MATCH_BITS, other artists only) on PostgreSQL and PGlite; migration 0018
 * fills the quarters of images recorded before it; the planner reads the indexes, not the table; and
 * 1,000 distinct pictures pass against 1,000 of other artists, the picture comparison clearing the few
 * whose 64-bit hashes happen to lie close; the backfill gives images recorded before migration
 * 0018 their copy hash. COPYRIGHT_INDEX_ROWS=100000 measures a bigger table.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, schema, type Database, type Db } from '@style-license/db';
import { createTestDatabase, databaseBeforeMigration } from '@style-license/db/testing';
import { ARTISTS, makeArtwork } from '@style-license/gpu-worker/testing';
import { COPY_MATCH_BITS, copyHash, hammingDistance } from '@style-license/platform/images';
import { backfillCopyHashes } from '../src/domains/training/copy-hash-backfill';
import {
  findOtherArtistsCopy,
  hashQuarters,
  nearHashesOfOtherArtists,
  quarterVariants,
} from '../src/domains/training/similar-images';
import { createTestDeps, type TestServerDeps } from './support';

const { styles, trainingImages, users } = schema;
const ROWS = Number(process.env.COPYRIGHT_INDEX_ROWS ?? 20_000);

const randomHash = () => randomBytes(8).toString('hex');
/** `hash` with `bits` bits flipped, spread over the quarters as evenly as they go (pigeonhole's worst case). */
function flipSpread(hash: string, bits: number): string {
  let value = BigInt(`0x${hash}`);
  const used = new Set<number>();
  for (let n = 0; n < bits; n++) {
    const quarter = n % 4;
    let bit: number;
    do bit = quarter * 16 + randomInt(16);
    while (used.has(bit));
    used.add(bit);
    value ^= 1n << BigInt(bit);
  }
  return value.toString(16).padStart(16, '0');
}

async function artistWithStyle(db: Db) {
  const [user] = await db
    .insert(users)
    .values({ googleSub: `t-${randomUUID()}`, email: `${randomUUID()}@example.test`, displayName: 'A' })
    .returning();
  const [style] = await db
    .insert(styles)
    .values({ artistId: user!.id, name: 'S', priceTokens: 5 })
    .returning();
  return { artistId: user!.id, styleId: style!.id };
}

async function seedImages(db: Db, styleId: string, hashes: string[], keys: (string | null)[] = []) {
  for (let at = 0; at < hashes.length; at += 2000) {
    await db.insert(trainingImages).values(
      hashes.slice(at, at + 2000).map((hash, i) => ({
        styleId,
        objectKey: `styles/${styleId}/originals/${randomUUID()}`,
        trainingKey: keys[at + i] ?? null,
        originalName: `${at + i}.png`,
        width: 512,
        height: 512,
        format: 'png' as const,
        byteSize: 1,
        sha256: randomBytes(32).toString('hex'),
        perceptualHash: hash,
        copyHash: hash,
      })),
    );
  }
}

describe('quarter variants', () => {
  it('are the value and its 16 one-bit neighbours', () => {
    const variants = quarterVariants(0xa5a5);
    expect(variants).toHaveLength(17);
    expect(new Set(variants).size).toBe(17);
    expect(variants.every((v) => v >= 0 && v <= 0xffff)).toBe(true);
    expect(hashQuarters('8000ffff0001abcd')).toEqual([0x8000, 0xffff, 0x0001, 0xabcd]);
  });
});

describe.each(['postgres', 'pglite'] as const)('near-hash search on %s', (kind) => {
  let database: Database & { dispose?: () => Promise<void> };
  beforeAll(async () => {
    if (kind === 'postgres') database = await createTestDatabase();
    else {
      database = await openDatabase('pglite:memory');
      await migrateDatabase(database);
    }
  });
  afterAll(async () => {
    await (database.dispose ? database.dispose() : database.close());
  });

  it('finds exactly the other artists’ images within COPY_MATCH_BITS, as a full comparison does', async () => {
    const { db } = database;
    const other = await artistWithStyle(db);
    const me = await artistWithStyle(db);
    const queries = Array.from({ length: 20 }, randomHash);
    // Around each query, neighbours at 0–10 bits spread over all quarters; plus unrelated images.
    const planted = queries.flatMap((q) => Array.from({ length: 11 }, (_, bits) => flipSpread(q, bits)));
    const noise = Array.from({ length: 3000 }, randomHash);
    const corpus = [...planted, ...noise];
    await seedImages(db, other.styleId, corpus);
    // The searching artist's own images never count, however close.
    await seedImages(db, me.styleId, queries);
    for (const query of queries) {
      const found = await nearHashesOfOtherArtists(db, me.artistId, query, 1000);
      const expected = corpus.filter((h) => hammingDistance(h, query) <= COPY_MATCH_BITS);
      expect(found.map((f) => f.distance)).toEqual(
        expected.map((h) => hammingDistance(h, query)).sort((a, b) => a - b),
      );
      expect(found.every((f) => f.artistId === other.artistId && f.styleId === other.styleId)).toBe(true);
    }
  });
});

describe('the near-hash search at scale (PostgreSQL)', () => {
  let deps: TestServerDeps;
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    await deps?.dispose();
  });

  it(`reads the quarter indexes, not the table, over ${ROWS.toLocaleString('en')} images`, async () => {
    const { db } = deps.database;
    const other = await artistWithStyle(db);
    const me = await artistWithStyle(db);
    // Half uniform, half clustered around a few hundred "looks": real hashes share quarters more often.
    const looks = Array.from({ length: 300 }, randomHash);
    const hashes = Array.from({ length: ROWS }, (_, i) =>
      i % 2 ? randomHash() : flipSpread(looks[i % looks.length]!, 8 + randomInt(16)),
    );
    const started = Date.now();
    await seedImages(db, other.styleId, hashes);
    await db.execute(sql`ANALYZE training_images`);
    const seeded = Date.now() - started;

    const query = flipSpread(hashes[7]!, 3);
    const plan = await db.execute(sql`EXPLAIN ${nearHashesOfOtherArtists(db, me.artistId, query).getSQL()}`);
    const text = (plan as unknown as { rows: { 'QUERY PLAN': string }[] }).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    for (const n of [0, 1, 2, 3]) expect(text).toContain(`training_images_phash_${n}_idx`);
    expect(text).not.toMatch(/Seq Scan on training_images/);

    const times: number[] = [];
    let candidates = 0;
    for (let n = 0; n < 200; n++) {
      const probe = n % 2 ? randomHash() : flipSpread(hashes[randomInt(ROWS)]!, randomInt(9));
      const t0 = performance.now();
      candidates += (await nearHashesOfOtherArtists(db, me.artistId, probe)).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const ms = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(2);
    console.log(
      `near-hash search over ${ROWS} images: seeded in ${seeded} ms; query p50 ${ms(0.5)} ms, ` +
        `p95 ${ms(0.95)} ms, max ${ms(1)} ms; ${candidates} matches in 200 probes\n${text}`,
    );
    expect(Number(ms(0.5))).toBeLessThan(50);
  }, 300_000);

  it('lets 1,000 distinct pictures through against 1,000 of other artists', async () => {
    const { db } = deps.database;
    const me = await artistWithStyle(db);
    const others = await Promise.all(ARTISTS.map(() => artistWithStyle(db)));
    const start = 10_000; // fixed: the same pictures every run
    // Both sets from the same three looks (the hardest case): the corpus at even indices, the uploads at
    // odd ones. 128 px is enough for hashes and for the picture comparison (both work at 9×8 and 32×32).
    const draw = (index: number, look: (typeof ARTISTS)[number]) => makeArtwork(look, index, { size: 128 });
    const corpus: { look: number; hash: string; key: string }[] = [];
    for (let n = 0; n < 1000; n++) {
      const look = n % 3;
      const image = await draw(start + 2 * n, ARTISTS[look]!);
      const key = `styles/${others[look]!.styleId}/training/${n}.png`;
      await deps.storage.put(key, image);
      corpus.push({ look, hash: await copyHash(sharp(image)), key });
    }
    for (const [look, artist] of others.entries()) {
      const mine = corpus.filter((c) => c.look === look);
      await seedImages(
        db,
        artist.styleId,
        mine.map((c) => c.hash),
        mine.map((c) => c.key),
      );
    }
    let nearHashes = 0;
    const blocked: number[] = [];
    for (let n = 0; n < 1000; n++) {
      const image = await draw(start + 2 * n + 1, ARTISTS[n % 3]!);
      const upload = { copyHash: await copyHash(sharp(image)), trainingCopy: image };
      nearHashes += (await nearHashesOfOtherArtists(db, me.artistId, upload.copyHash)).length;
      if (await findOtherArtistsCopy(deps, me.artistId, upload)) blocked.push(n);
    }
    console.log(
      `1,000 distinct pictures: ${nearHashes} hash matches within ${COPY_MATCH_BITS} bits, ${blocked.length} blocked`,
    );
    expect(blocked).toEqual([]);
  }, 300_000);
});

describe('the picture comparison after a hash match', () => {
  let deps: TestServerDeps;
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    await deps?.dispose();
  });

  // Pairs of distinct pictures of one look whose perceptual hashes lie within 6 bits (found by a search
  // over 1,000 artworks). Their copy hashes are far apart (no pair of 2,000 artworks lies within 7 bits),
  // so the stored one is recorded with a copy hash 5 bits from the upload's — a collision made on
  // purpose: the hash alone would refuse the second to anyone but the first's artist.
  it.each([
    ['pastel', 28, 74],
    ['neon', 60, 170],
  ] as const)(
    'lets %s %i’s look-alike %i through, and still takes a copy of it for the same picture',
    async (look, theirs, mine) => {
      const { db } = deps.database;
      const other = await artistWithStyle(db);
      const me = await artistWithStyle(db);
      const copy512 = async (index: number) =>
        sharp(await makeArtwork(look, index, { size: 640 }))
          .resize(512)
          .png()
          .toBuffer();
      const [stored, upload] = await Promise.all([copy512(theirs), copy512(mine)]);
      const key = `styles/${other.styleId}/training/${theirs}.png`;
      await deps.storage.put(key, stored);
      const uploadHash = await copyHash(sharp(await makeArtwork(look, mine, { size: 640 })));
      const storedHash = flipSpread(uploadHash, 5);
      await seedImages(db, other.styleId, [storedHash], [key]);

      expect(await nearHashesOfOtherArtists(db, me.artistId, uploadHash)).toHaveLength(1);
      expect(
        await findOtherArtistsCopy(deps, me.artistId, { copyHash: uploadHash, trainingCopy: upload }),
      ).toBeNull();
      // The picture comparison alone (the lookup given the stored hash): a resized JPEG copy is one picture.
      const copy = await sharp(stored).resize(384).jpeg({ quality: 70 }).toBuffer();
      const match = await findOtherArtistsCopy(deps, me.artistId, {
        copyHash: storedHash,
        trainingCopy: copy,
      });
      expect(match).toMatchObject({ artistId: other.artistId, similarity: expect.any(Number) });
      expect(match!.similarity).toBeGreaterThanOrEqual(0.95);
    },
  );
});

describe('migration 0018 over images recorded before it', () => {
  let migration: Awaited<ReturnType<typeof databaseBeforeMigration>>;
  let client: pg.Client;
  beforeAll(async () => {
    migration = await databaseBeforeMigration('_copyright_checks');
    client = migration.client;
  });
  afterAll(async () => {
    await migration?.dispose();
  });

  it('leaves older images without a copy hash, and generates the quarters of one written later', async () => {
    const one = async (text: string, values: unknown[] = []) => (await client.query(text, values)).rows[0];
    const artist = await one(
      `INSERT INTO users (google_sub, email, display_name) VALUES ('s', 'a@example.test', 'A') RETURNING id`,
    );
    const style = await one(
      `INSERT INTO styles (artist_id, name, price_tokens) VALUES ($1, 'S', 5) RETURNING id`,
      [artist.id],
    );
    const hashes = ['0000000000000000', 'ffffffffffffffff', '8000ffff0001abcd', randomHash()];
    for (const n of hashes.keys()) {
      await client.query(
        `INSERT INTO training_images (style_id, object_key, original_name, width, height, format, byte_size,
           sha256, perceptual_hash) VALUES ($1, $2, 'x.png', 512, 512, 'png', 1, $3, $4)`,
        [style.id, `k${n}`, String(n).padStart(64, '0'), randomHash()],
      );
    }
    await migration.migrate();
    const read = async () =>
      (
        await client.query(
          `SELECT copy_hash, phash_0, phash_1, phash_2, phash_3 FROM training_images ORDER BY object_key`,
        )
      ).rows as Record<string, string | number | null>[];
    expect((await read()).map((r) => Object.values(r))).toEqual(
      hashes.map(() => [null, null, null, null, null]),
    );
    // What the backfill writes: the database derives the quarters.
    for (const [n, hash] of hashes.entries()) {
      await client.query(`UPDATE training_images SET copy_hash = $1 WHERE object_key = $2`, [hash, `k${n}`]);
    }
    expect((await read()).map((r) => [r.phash_0, r.phash_1, r.phash_2, r.phash_3])).toEqual(
      hashes.map((h) => hashQuarters(h)),
    );
    // Lower-case hex, 16 digits: what the search compares as text (non-hex fails the quarters' cast).
    for (const bad of ['ABCDEF0123456789', '0123456789abcdef0']) {
      await expect(
        client.query(`UPDATE training_images SET copy_hash = $1 WHERE object_key = 'k0'`, [bad]),
      ).rejects.toThrow(/training_images_copy_hash_hex/);
    }
  });
});

describe('the copy hash backfill', () => {
  let deps: TestServerDeps;
  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterAll(async () => {
    await deps?.dispose();
  });

  it('hashes older images from their stored copies in batches, passes over the unreadable, and makes them findable', async () => {
    const { db } = deps.database;
    const other = await artistWithStyle(db);
    const me = await artistWithStyle(db);
    const pictures = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => makeArtwork('pastel', 300 + i, { size: 512 })),
    );
    const keys = pictures.map((_, i) => `styles/${other.styleId}/training/old-${i}.png`);
    await Promise.all(pictures.map((picture, i) => deps.storage.put(keys[i]!, picture)));
    const gone = `styles/${other.styleId}/training/gone.png`;
    const broken = `styles/${other.styleId}/training/broken.png`;
    await deps.storage.put(broken, Buffer.from('not an image'));
    // As recorded before migration 0018: no copy hash.
    await seedImages(
      db,
      other.styleId,
      [...pictures.map(randomHash), randomHash(), randomHash()],
      [...keys, gone, broken],
    );
    await db.execute(sql`UPDATE training_images SET copy_hash = NULL WHERE style_id = ${other.styleId}`);
    const copy = async (picture: Buffer) => sharp(picture).resize(384).jpeg({ quality: 70 }).toBuffer();
    const upload = {
      copyHash: await copyHash(sharp(await copy(pictures[2]!))),
      trainingCopy: await copy(pictures[2]!),
    };
    expect(await findOtherArtistsCopy(deps, me.artistId, upload)).toBeNull();

    // Bounded: one batch of two rows (in id order, so either kind), then the rest; the second run reads
    // the unreadable again, and passes over them again.
    const first = await backfillCopyHashes(deps, { batchSize: 2, maxBatches: 1 });
    expect(first.filled + first.skipped).toBe(2);
    expect(await backfillCopyHashes(deps, { batchSize: 2 })).toEqual({
      filled: 5 - first.filled,
      skipped: 2,
    });
    const rows = await db
      .select()
      .from(trainingImages)
      .where(sql`${trainingImages.styleId} = ${other.styleId}`);
    for (const [i, key] of keys.entries()) {
      const row = rows.find((r) => r.trainingKey === key)!;
      expect(row.copyHash).toBe(await copyHash(sharp(pictures[i]!)));
      expect([row.phash0, row.phash1, row.phash2, row.phash3]).toEqual(hashQuarters(row.copyHash!));
    }
    expect(
      rows
        .filter((r) => r.copyHash === null)
        .map((r) => r.trainingKey)
        .sort(),
    ).toEqual([broken, gone].sort());
    // Nothing left but the unreadable: a run reads them again, and writes nothing.
    expect(await backfillCopyHashes(deps, { batchSize: 2 })).toEqual({ filled: 0, skipped: 2 });

    const match = await findOtherArtistsCopy(deps, me.artistId, upload);
    expect(match).toMatchObject({ artistId: other.artistId, styleId: other.styleId });
    expect(match!.similarity).toBeGreaterThanOrEqual(0.95);
  });
});
