/**
 * The training-upload copyright check (issue 17), measured where its parts cost or fail:
 *
 * 1. Copy-hash robustness: for each synthetic artwork look (gpu-worker testing ARTISTS) and for
 *    noise-and-stroke pictures drawn from a seed, 60 pictures (512–1024 px) saved again seven ways
 *    (resize 75 % and 50 %, JPEG q90 and q70, resize 75 % + JPEG q70, WebP q80, PNG again): the share
 *    of copies the copy hash (platform images/copy-hash.ts) keeps within COPY_MATCH_BITS of the
 *    original, and the worst distance, against the dHash it replaced (perceptualHash,
 *    NEAR_DUPLICATE_BITS).
 * 2. False matches: pairs of 2,000 distinct pictures (512 px) within each hash's threshold.
 * 3. Index lookup: 100,000 training images seeded through the real schema on the PostgreSQL that
 *    `npm run bench` provides (and on in-memory PGlite), 100 lookups of other artists' near hashes
 *    through the four quarter indexes (nearHashesOfOtherArtists, the query findOtherArtistsCopy runs)
 *    against a whole-table Hamming scan of the same rows, which must find the same images.
 * 4. Mark reading at upload: the quick search tracePlatformOrigin runs on every training upload
 *    (createMarkReader(...).read(bytes, { search: 'quick' })) against the thorough one, on unmarked
 *    512² and 1024² pictures.
 *
 * COPYRIGHT_BENCH_SCALE (default 1) scales every count down for a quick try (0.05: 3 pictures a look).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { and, eq, lte, ne, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { migrateDatabase, openDatabase, schema, type Db } from '@style-license/db';
import { createTestDatabase } from '@style-license/db/testing';
import { ARTISTS, makeArtwork } from '@style-license/gpu-worker/testing';
import {
  COPY_MATCH_BITS,
  copyHash,
  hammingDistance,
  NEAR_DUPLICATE_BITS,
  perceptualHash,
} from '@style-license/platform/images';
import { createMarkReader, DEFAULT_MARK_KEY } from '@style-license/platform/license-mark';
import { nearHashesOfOtherArtists } from '../src/domains/training/similar-images';
import { median, percentile, report } from '../../scripts/bench-report';

const SCALE = Number(process.env.COPYRIGHT_BENCH_SCALE ?? 1);
const count = (n: number, least = 1) => Math.max(least, Math.round(n * SCALE));
const PICTURES = count(60);
const DISTINCT = count(2000, 8);
const ROWS = count(100_000, 1000);
const LOOKUPS = count(100, 10);
const MARK_PICTURES = count(9, 3);

const rows: { metric: string; value: number | string }[] = [];
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const benchStarted = performance.now();

// ---------------------------------------------------------------------------------------------------
// Pictures and edits

/** Seeded LCG: the same noise-and-stroke pictures every run. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const PALETTES = [
  ['#203040', '#304050', '#283848'],
  ['#ff4060', '#40ff90', '#4060ff'],
  ['#e8e0d0', '#d8d0c0', '#f0e8d8'],
  ['#804000', '#a06020', '#603000'],
  ['#101010', '#f0f0f0', '#808080'],
];
/** Gaussian noise under a few curved strokes: fine texture, as a photograph or a grainy scan has. */
async function noisePicture(index: number, size: number): Promise<Buffer> {
  const random = seeded(index * 7919 + 13);
  const palette = PALETTES[index % PALETTES.length]!;
  let strokes = '';
  const point = () => `${Math.round(random() * size)},${Math.round(random() * size)}`;
  for (let k = 0, n = 6 + Math.floor(random() * 8); k < n; k++) {
    const [a, b, c, d] = [point(), point(), point(), point()];
    const width = Math.round(size * (0.01 + random() * 0.06));
    strokes +=
      `<path d="M${a} C${b} ${c} ${d}" stroke="${palette[1 + (k % 2)]}" stroke-width="${width}" ` +
      `fill="none" stroke-linecap="round"/>`;
  }
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
      `<rect width="${size}" height="${size}" fill="${palette[0]}" fill-opacity="0.6"/>${strokes}</svg>`,
  );
  // Gaussian noise drawn here from the seed (libvips' own noise takes no seed): the same every run.
  const sigma = 20 + (index % 3) * 15;
  const uniform = seeded(index * 104729 + 7);
  const noise = Buffer.alloc(size * size * 3);
  for (let p = 0; p < noise.length; p += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    noise[p] = Math.max(0, Math.min(255, Math.round(128 + sigma * radius * Math.cos(angle))));
    noise[p + 1] = Math.max(0, Math.min(255, Math.round(128 + sigma * radius * Math.sin(angle))));
  }
  return sharp(noise, { raw: { width: size, height: size, channels: 3 } })
    .composite([{ input: svg }])
    .removeAlpha()
    .png({ compressionLevel: 2 })
    .toBuffer();
}

const KINDS = [...ARTISTS, 'noise'] as const;
type Kind = (typeof KINDS)[number];
const picture = (kind: Kind, index: number, size: number) =>
  kind === 'noise' ? noisePicture(index, size) : makeArtwork(kind, index, { size });
/** 512–1024 px, spread over the range. */
const sideOf = (index: number) => 512 + ((index * 131) % 513);

const resized = async (image: Buffer, share: number) =>
  sharp(image).resize(Math.round((await sharp(image).metadata()).width! * share));
const EDITS: Record<string, (image: Buffer) => Promise<Buffer>> = {
  'resize 75 %': async (b) => (await resized(b, 0.75)).png().toBuffer(),
  'resize 50 %': async (b) => (await resized(b, 0.5)).png().toBuffer(),
  'JPEG q90': (b) => sharp(b).jpeg({ quality: 90 }).toBuffer(),
  'JPEG q70': (b) => sharp(b).jpeg({ quality: 70 }).toBuffer(),
  'resize 75 % + JPEG q70': async (b) => (await resized(b, 0.75)).jpeg({ quality: 70 }).toBuffer(),
  'WebP q80': (b) => sharp(b).webp({ quality: 80 }).toBuffer(),
  'PNG again': (b) => sharp(b).png({ compressionLevel: 9 }).toBuffer(),
};

const HASHES = {
  copy: { hash: copyHash, bits: COPY_MATCH_BITS, label: `copy hash (≤ ${COPY_MATCH_BITS} bits)` },
  dhash: {
    hash: perceptualHash,
    bits: NEAR_DUPLICATE_BITS,
    label: `old dHash (≤ ${NEAR_DUPLICATE_BITS} bits)`,
  },
} as const;
type HashName = keyof typeof HASHES;
const HASH_NAMES = Object.keys(HASHES) as HashName[];

// ---------------------------------------------------------------------------------------------------
// 1. Copy-hash robustness

/** distances[hash][kind][edit]: each copy's distance from its original. */
const distances = Object.fromEntries(
  HASH_NAMES.map((h) => [
    h,
    Object.fromEntries(
      KINDS.map((k) => [k, Object.fromEntries(Object.keys(EDITS).map((e) => [e, [] as number[]]))]),
    ),
  ]),
) as Record<HashName, Record<Kind, Record<string, number[]>>>;

let stepStarted = performance.now();
for (const kind of KINDS) {
  for (let i = 0; i < PICTURES; i++) {
    const original = await picture(kind, 9000 + i, sideOf(i));
    const base = {
      copy: await copyHash(sharp(original)),
      dhash: await perceptualHash(sharp(original)),
    };
    for (const [edit, apply] of Object.entries(EDITS)) {
      const copy = await apply(original);
      for (const h of HASH_NAMES)
        distances[h][kind][edit]!.push(hammingDistance(base[h], await HASHES[h].hash(sharp(copy))));
    }
  }
}
const robustnessSeconds = (performance.now() - benchStarted) / 1000;

/** "98.3 % · worst 9" for the copy hash, then the dHash. */
function tally(select: (h: HashName) => number[]) {
  return HASH_NAMES.map((h) => {
    const values = select(h);
    const within = values.filter((d) => d <= HASHES[h].bits).length;
    return `${h === 'copy' ? 'copy' : 'dHash'} ${pct(within, values.length)} · worst ${Math.max(...values)}`;
  }).join(' — ');
}
const copies = PICTURES * KINDS.length;
const perPicture = `${PICTURES} pictures × ${KINDS.length} kinds`;
for (const edit of Object.keys(EDITS))
  rows.push({
    metric: `${edit}: copies within threshold · worst distance (${perPicture}; copy ≤ ${COPY_MATCH_BITS}, dHash ≤ ${NEAR_DUPLICATE_BITS})`,
    value: tally((h) => KINDS.flatMap((k) => distances[h][k][edit]!)),
  });
for (const kind of KINDS)
  rows.push({
    metric: `${kind === 'noise' ? 'noise + strokes' : `artwork "${kind}"`}: copies within threshold · worst distance (${PICTURES} pictures × ${Object.keys(EDITS).length} edits)`,
    value: tally((h) => Object.values(distances[h][kind]).flat()),
  });
rows.push({
  metric: `all ${copies * Object.keys(EDITS).length} copies: within threshold · worst distance`,
  value: tally((h) => KINDS.flatMap((k) => Object.values(distances[h][k]).flat())),
});

// ---------------------------------------------------------------------------------------------------
// 2. False matches among distinct pictures

stepStarted = performance.now();
const perKind = Math.ceil(DISTINCT / KINDS.length);
const distinct: Record<HashName, [number, number][]> = { copy: [], dhash: [] };
for (const kind of KINDS)
  for (let i = 0; i < perKind; i++) {
    const image = await picture(kind, 20000 + i, 512);
    for (const h of HASH_NAMES) {
      const hex = await HASHES[h].hash(sharp(image));
      distinct[h].push([Number.parseInt(hex.slice(0, 8), 16), Number.parseInt(hex.slice(8), 16)]);
    }
  }
const popcount = (n: number) => {
  n = n - ((n >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0xf0f0f0f) * 0x1010101) >>> 24;
};
const pictures = perKind * KINDS.length;
const pairs = (pictures * (pictures - 1)) / 2;
const falseMatches = HASH_NAMES.map((h) => {
  const values = distinct[h];
  let within = 0;
  let closest = 64;
  for (let a = 0; a < values.length; a++)
    for (let b = a + 1; b < values.length; b++) {
      const d =
        popcount((values[a]![0] ^ values[b]![0]) >>> 0) + popcount((values[a]![1] ^ values[b]![1]) >>> 0);
      if (d <= HASHES[h].bits) within++;
      if (d < closest) closest = d;
    }
  return `${h === 'copy' ? 'copy' : 'dHash'} ${within} (closest ${closest})`;
});
rows.push({
  metric: `false matches: pairs of ${pictures.toLocaleString('en')} distinct 512-px pictures (${pairs.toLocaleString('en')} pairs) within threshold (closest pair, bits)`,
  value: falseMatches.join(' — '),
});
const distinctSeconds = (performance.now() - stepStarted) / 1000;

// ---------------------------------------------------------------------------------------------------
// 3. Index lookup latency

const { styles, trainingImages, users } = schema;
const randomHash = () => randomBytes(8).toString('hex');
/** `hash` with `bits` bits flipped, spread over the quarters (the pigeonhole's worst case). */
function flipSpread(hash: string, bits: number): string {
  let value = BigInt(`0x${hash}`);
  const used = new Set<number>();
  for (let n = 0; n < bits; n++) {
    let bit: number;
    do bit = (n % 4) * 16 + randomInt(16);
    while (used.has(bit));
    used.add(bit);
    value ^= 1n << BigInt(bit);
  }
  return value.toString(16).padStart(16, '0');
}
// Half uniform, half clustered around a few hundred "looks": real hashes share quarters more often.
const looks = Array.from({ length: 300 }, randomHash);
const seededHashes = Array.from({ length: ROWS }, (_, i) =>
  i % 2 ? randomHash() : flipSpread(looks[i % looks.length]!, 8 + randomInt(16)),
);
// Half near a stored image (0–7 bits: a copy), half unrelated.
const probes = Array.from({ length: LOOKUPS + 5 }, (_, n) =>
  n % 2 ? randomHash() : flipSpread(seededHashes[randomInt(ROWS)]!, randomInt(COPY_MATCH_BITS + 1)),
);

async function artistWithStyle(db: Db) {
  const [user] = await db
    .insert(users)
    .values({ googleSub: `b-${randomUUID()}`, email: `${randomUUID()}@example.test`, displayName: 'A' })
    .returning();
  const [style] = await db
    .insert(styles)
    .values({ artistId: user!.id, name: 'S', priceTokens: 5 })
    .returning();
  return { artistId: user!.id, styleId: style!.id };
}

/** The same search without the quarter indexes: every row's Hamming distance. */
function wholeTableScan(db: Db, artistId: string, hash: string, limit = 10) {
  const distance = sql<number>`bit_count(('x' || ${trainingImages.copyHash})::bit(64) # ${`x${hash}`}::bit(64))::int`;
  return db
    .select({ imageId: trainingImages.id, distance })
    .from(trainingImages)
    .innerJoin(styles, eq(styles.id, trainingImages.styleId))
    .where(and(lte(distance, COPY_MATCH_BITS), ne(styles.artistId, artistId)))
    .orderBy(distance, trainingImages.id)
    .limit(limit);
}

interface Lookups {
  seedSeconds: number;
  indexed: number[];
  scan: number[];
  found: number;
  disagreements: number;
  /** What the planner does with the indexed search. */
  plan: string;
}

async function measureLookups(db: Db, analyze: boolean): Promise<Lookups> {
  const other = await artistWithStyle(db);
  const me = await artistWithStyle(db);
  const started = performance.now();
  for (let at = 0; at < seededHashes.length; at += 2000)
    await db.insert(trainingImages).values(
      seededHashes.slice(at, at + 2000).map((hash, i) => ({
        styleId: other.styleId,
        objectKey: `styles/${other.styleId}/originals/${randomUUID()}`,
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
  if (analyze) await db.execute(sql`ANALYZE training_images`);
  const seedSeconds = (performance.now() - started) / 1000;
  const explained = await db.execute(
    sql`EXPLAIN ${nearHashesOfOtherArtists(db, me.artistId, probes[0]!).getSQL()}`,
  );
  const planText = (explained as unknown as { rows: { 'QUERY PLAN': string }[] }).rows
    .map((r) => r['QUERY PLAN'])
    .join('\n');
  const quarterIndexes = [0, 1, 2, 3].filter((n) => planText.includes(`training_images_phash_${n}_idx`));
  const plan = /Seq Scan on training_images/.test(planText)
    ? 'SEQ SCAN of the table'
    : `${quarterIndexes.length} of 4 quarter indexes`;
  const indexed: number[] = [];
  const scan: number[] = [];
  let found = 0;
  let disagreements = 0;
  for (const [n, probe] of probes.entries()) {
    // Interleaved, the first five of each not counted (connections, caches, JIT).
    let t0 = performance.now();
    const viaIndex = await nearHashesOfOtherArtists(db, me.artistId, probe);
    const indexMs = performance.now() - t0;
    t0 = performance.now();
    const viaScan = await wholeTableScan(db, me.artistId, probe);
    const scanMs = performance.now() - t0;
    if (n < 5) continue;
    indexed.push(indexMs);
    scan.push(scanMs);
    found += viaIndex.length;
    if (viaIndex.map((r) => r.imageId).join() !== viaScan.map((r) => r.imageId).join()) disagreements++;
  }
  return { seedSeconds, indexed, scan, found, disagreements, plan };
}

stepStarted = performance.now();
const database = await createTestDatabase();
let postgres: Lookups;
let postgresVersion: string;
try {
  postgres = await measureLookups(database.db, true);
  const version = await database.db.execute(sql`SHOW server_version`);
  postgresVersion = (version as unknown as { rows: { server_version: string }[] }).rows[0]!.server_version;
} finally {
  await database.dispose();
}
const postgresSeconds = (performance.now() - stepStarted) / 1000;

stepStarted = performance.now();
const lite = await openDatabase('pglite:memory');
let pglite: Lookups;
try {
  await migrateDatabase(lite);
  pglite = await measureLookups(lite.db, true);
} finally {
  await lite.close();
}
const pgliteSeconds = (performance.now() - stepStarted) / 1000;

for (const [name, result] of [
  [`PostgreSQL ${postgresVersion.split(' ')[0]}`, postgres],
  ['PGlite (in memory)', pglite],
] as const) {
  const label = `${ROWS.toLocaleString('en')} images, ${LOOKUPS} lookups`;
  rows.push({
    metric: `${name}, ${label}: indexed search p50 / p95`,
    value: `${ms(median(result.indexed))} / ${ms(percentile(result.indexed, 95))}`,
  });
  rows.push({
    metric: `${name}, ${label}: whole-table Hamming scan p50 / p95`,
    value: `${ms(median(result.scan))} / ${ms(percentile(result.scan, 95))}`,
  });
  rows.push({
    metric: `${name}: scan ÷ indexed (p50) · matches found · lookups where the two disagree · indexed search's plan reads · seeding`,
    value:
      `${(median(result.scan) / median(result.indexed)).toFixed(1)}× · ${result.found} · ` +
      `${result.disagreements} · ${result.plan} · ${result.seedSeconds.toFixed(1)} s`,
  });
}

// ---------------------------------------------------------------------------------------------------
// 4. Mark reading at upload

stepStarted = performance.now();
// As tracePlatformOrigin's shared reader: the default key, the default threads (one fewer than the cores).
const reader = createMarkReader({ key: DEFAULT_MARK_KEY });
const markTimes: Record<string, number[]> = {};
let marksSeen = 0;
let markReads = 0;
try {
  for (const size of [512, 1024]) {
    const uploads = await Promise.all(
      Array.from({ length: MARK_PICTURES }, (_, i) => picture(KINDS[i % KINDS.length]!, 30000 + i, size)),
    );
    // Warm-up: starts the thread (and its TypeScript loader), not counted.
    await reader.read(uploads[0]!, { search: 'quick' });
    await reader.read(uploads[0]!, { search: 'thorough' });
    for (const upload of uploads)
      for (const search of ['quick', 'thorough'] as const) {
        const t0 = performance.now();
        const reading = await reader.read(upload, { search });
        (markTimes[`${size}:${search}`] ??= []).push(performance.now() - t0);
        markReads++;
        if (reading.licensePrefix !== null) marksSeen++;
      }
  }
} finally {
  await reader.close();
}
const markSeconds = (performance.now() - stepStarted) / 1000;
for (const size of [512, 1024]) {
  const quick = median(markTimes[`${size}:quick`]!);
  const thorough = median(markTimes[`${size}:thorough`]!);
  rows.push({
    metric: `mark read, unmarked ${size}² PNG (${MARK_PICTURES} pictures): quick (upload) · thorough (verify), median`,
    value: `${ms(quick)} · ${ms(thorough)} (${(thorough / quick).toFixed(1)}×)`,
  });
}
rows.push({ metric: `marks reported on the ${markReads} unmarked reads`, value: marksSeen });

const totalSeconds = (performance.now() - benchStarted) / 1000;
const cpu = cpus();
report({
  name: 'Training-upload copyright check: copy hash, index, mark read',
  rows,
  notes:
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; sharp with its default threads; PostgreSQL ` +
    `(fsync on) on the same machine, PGlite in the bench process. Method: (1) pictures are the three ` +
    `synthetic artwork looks of gpu-worker/src/testing and Gaussian-noise-with-strokes pictures drawn from a seed, ` +
    `512–1024 px PNG; each copy's hash is compared with its original's; "within threshold" is what the ` +
    `check would match (copy hash ≤ COPY_MATCH_BITS = ${COPY_MATCH_BITS}; the old dHash ≤ NEAR_DUPLICATE_BITS ` +
    `= ${NEAR_DUPLICATE_BITS}). (2) other pictures of the same kinds at 512 px, every pair compared. ` +
    `(3) rows inserted 2,000 at a time through the schema (half random hashes, half clustered around 300 ` +
    `looks), then ANALYZE; probes half within 0–${COPY_MATCH_BITS} bits of a stored hash (spread over the ` +
    `quarters), half random; the indexed search is nearHashesOfOtherArtists (its EXPLAIN plan is reported), ` +
    `the scan the same query without the quarter condition, timed interleaved after ` +
    `5 warm-ups, whole round trip from Node. (4) the reader as the server makes it (threads: one fewer than the cores, at least one), one read at a time ` +
    `after a warm-up, PNG bytes including decode. Took ${totalSeconds.toFixed(0)} s: robustness ` +
    `${robustnessSeconds.toFixed(0)} s, distinct pictures ${distinctSeconds.toFixed(0)} s, PostgreSQL ` +
    `${postgresSeconds.toFixed(0)} s, PGlite ${pgliteSeconds.toFixed(0)} s, mark reads ${markSeconds.toFixed(0)} s` +
    (SCALE !== 1 ? ` (COPYRIGHT_BENCH_SCALE=${SCALE})` : '') +
    '.',
});
