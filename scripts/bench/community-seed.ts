/**
 * The community benchmark's data, written with set-based SQL (INSERT … SELECT over generate_series) on
 * one connection, in about a minute: 10,000 users of whom 300 are artists with 2 ready styles each;
 * 120,000 succeeded generations, one in six private, the rest public with a publication time, a
 * preview and a license; likes and comments weighted towards recent images, with the counts on each
 * image matching them; every user following 20 artists (but two newcomers, following one and none); 30
 * notifications per user, 10 of them unread;
 * and a web session for each benchmark client. Then VACUUM ANALYZE, as a live database's autovacuum
 * would have done, so the planner sees real statistics.
 *
 * Every row keeps the schema's rules (db/migrations): public images are succeeded and published,
 * generations name a style version that exists, cost > 0, idempotency keys unique per owner; random()
 * is seeded, so the data (and so the plans) are the same from run to run, ids apart.
 */
import type pg from 'pg';
import type { Db } from '@style-license/db';
import { LICENSE_TERMS_V2 } from '@style-license/shared';
import { createSession } from '../../server/src/domains/auth/sessions';

export const SEED = {
  users: 10_000,
  artists: 300,
  stylesPerArtist: 2,
  /** Every sixth generation stays private, so 120,000 make 100,000 public ones. */
  generations: 120_000,
  publicImages: 100_000,
  likesPerUser: 20,
  comments: 50_000,
  followsPerUser: 20,
  notificationsPerUser: 30,
  unreadPerUser: 10,
} as const;

export interface BenchClient {
  userId: string;
  /** The web session cookie's value. */
  token: string;
}

export interface CommunitySeed {
  clients: BenchClient[];
  /** Public images in random order, for the image page. */
  sampleImageIds: string[];
  /** Readers following one artist (2 styles) and nobody: the following feed's worst cases. */
  followsOne: string;
  followsNone: string;
  /** Seconds the seeding took. */
  seconds: number;
}

/** A weight towards the newest images: index 1 + floor(r³ · n) picks the top 25 about 6% of the time. */
const recentPick = (n: number) => `1 + floor(power(random(), 3) * ${n})::int`;

const statements = (terms: string): [string, unknown[]][] => [
  ['SELECT setseed(0.13)', []],
  [
    // Artists first (n ≤ 300); names are unique, as artist names must be by their look (migration 0009).
    `INSERT INTO users (google_sub, email, display_name, role, created_at)
     SELECT 'bench-' || n, 'user-' || n || '@bench.test',
            CASE WHEN n <= $1::int THEN 'Bench Artist ' || n ELSE 'Bench User ' || n END,
            (CASE WHEN n <= $1::int THEN 'artist' ELSE 'user' END)::user_role,
            now() - interval '2 years' + n * interval '1 minute'
     FROM generate_series(1, $2::int) n`,
    [SEED.artists, SEED.users],
  ],
  [
    `CREATE TEMP TABLE u AS SELECT substring(google_sub from 7)::int AS n, id, display_name FROM users
     WHERE google_sub LIKE 'bench-%'`,
    [],
  ],
  ['CREATE UNIQUE INDEX ON u (n)', []],
  [
    `INSERT INTO artist_profiles (user_id, contact_email, signature_key)
     SELECT id, 'artist-' || n || '@bench.test', 'signatures/' || id || '.png' FROM u WHERE n <= $1::int`,
    [SEED.artists],
  ],
  [
    // Drafts first: a ready style needs its version row, which needs the style.
    `INSERT INTO styles (artist_id, name, description, price_tokens, created_at)
     SELECT u.id, 'Bench style ' || s, 'A style made for the community benchmark.', 1 + s % 40,
            now() - interval '1 year' + s * interval '1 hour'
     FROM generate_series(1, $1::int * $2::int) s JOIN u ON u.n = 1 + (s - 1) / $2::int`,
    [SEED.artists, SEED.stylesPerArtist],
  ],
  [
    `CREATE TEMP TABLE st AS SELECT substring(name from 13)::int AS n, id, artist_id, name FROM styles
     WHERE name LIKE 'Bench style %'`,
    [],
  ],
  ['CREATE UNIQUE INDEX ON st (n)', []],
  [
    `INSERT INTO style_versions (style_id, version, engine, artifact_key)
     SELECT id, 1, 'quilt', 'styles/' || id || '/models/bench.bin' FROM st`,
    [],
  ],
  [
    `UPDATE styles SET status = 'ready', current_version = 1, progress = 100, trained_at = created_at,
            thumbnail_key = 'styles/' || id || '/samples/0.webp'
     WHERE id IN (SELECT id FROM st)`,
    [],
  ],
  [
    // Oldest first, as rows arrive in a live table; one every 4.4 minutes over about a year.
    `INSERT INTO generations (id, owner_id, style_id, style_version, prompt_tags, seed, status, cost_tokens,
                              idempotency_key, image_key, preview_key, visibility, description, license_id,
                              attempts, created_at, completed_at, published_at)
     SELECT g.id, u.id, st.id, 1, ARRAY[(ARRAY['portrait','landscape','ink','pastel'])[1 + i % 4]], i,
            'succeeded', 1 + i % 20, 'bench-' || i, 'generations/' || g.id || '.png',
            'generations/' || g.id || '.webp',
            (CASE WHEN i % 6 = 0 THEN 'private' ELSE 'public' END)::visibility,
            CASE WHEN i % 3 = 0 THEN 'Made for the benchmark, number ' || i END,
            gen_random_uuid(), 1, g.at - interval '40 seconds', g.at - interval '30 seconds',
            CASE WHEN i % 6 <> 0 THEN g.at END
     FROM (SELECT i, gen_random_uuid() AS id,
                  now() - ($1::int + 1 - i) * interval '264 seconds' + random() * interval '200 seconds' AS at
           FROM generate_series(1, $1::int) i) g
     JOIN u ON u.n = 1 + (i * 7919) % $2::int
     JOIN st ON st.n = 1 + (i::bigint * 104729) % $3::int`,
    [SEED.generations, SEED.users, SEED.artists * SEED.stylesPerArtist],
  ],
  [
    // The license each succeeded image carries, with the real terms' length.
    `INSERT INTO licenses (id, generation_id, style_id, style_version, style_name, artist_id, artist_name,
                           owner_id, licensee_name, terms_version, terms, terms_ko, file_sha256, created_at)
     SELECT g.license_id, g.id, g.style_id, 1, st.name, st.artist_id, a.display_name, g.owner_id,
            o.display_name, 2, $1::text, $2::text, md5(g.id::text) || md5(g.license_id::text), g.completed_at
     FROM generations g JOIN st ON st.id = g.style_id JOIN u a ON a.id = st.artist_id
     JOIN u o ON o.id = g.owner_id`,
    [terms, terms],
  ],
  [
    `CREATE TEMP TABLE pub AS SELECT row_number() OVER (ORDER BY published_at DESC, id DESC)::int AS n, id,
            owner_id, published_at
     FROM generations WHERE visibility = 'public'`,
    [],
  ],
  ['CREATE UNIQUE INDEX ON pub (n)', []],
  [
    `WITH picks AS MATERIALIZED (
       SELECT u.id AS user_id, ${recentPick(SEED.publicImages)} AS pick FROM u, generate_series(1, $1::int))
     INSERT INTO likes (user_id, generation_id, created_at)
     SELECT picks.user_id, pub.id, least(now(), pub.published_at + random() * interval '1 day')
     FROM picks JOIN pub ON pub.n = picks.pick
     ON CONFLICT DO NOTHING`,
    [SEED.likesPerUser],
  ],
  [
    `WITH picks AS MATERIALIZED (
       SELECT c, 1 + floor(random() * $2::int)::int AS author, ${recentPick(SEED.publicImages)} AS pick
       FROM generate_series(1, $1::int) c)
     INSERT INTO comments (generation_id, author_id, body, created_at, deleted_at)
     SELECT pub.id, u.id, 'Bench comment ' || picks.c || ': lovely colours.',
            least(now(), pub.published_at + random() * interval '1 day'),
            CASE WHEN picks.c % 50 = 0 THEN now() END
     FROM picks JOIN pub ON pub.n = picks.pick JOIN u ON u.n = picks.author`,
    [SEED.comments, SEED.users],
  ],
  [
    `UPDATE generations g SET like_count = c.n FROM (SELECT generation_id, count(*) AS n FROM likes GROUP BY 1) c
     WHERE g.id = c.generation_id`,
    [],
  ],
  [
    `UPDATE generations g SET comment_count = c.n
     FROM (SELECT generation_id, count(*) AS n FROM comments WHERE deleted_at IS NULL GROUP BY 1) c
     WHERE g.id = c.generation_id`,
    [],
  ],
  [
    // Twenty distinct artists per user (13 is prime to 300), never themselves; but the last two users
    // are newcomers, one following a single artist and one nobody (the following feed's worst cases).
    `INSERT INTO follows (follower_id, followee_id, created_at)
     SELECT f.id, a.id, now() - k * interval '1 day' - f.n * interval '1 second'
     FROM u f CROSS JOIN generate_series(0, $1::int - 1) k JOIN u a ON a.n = 1 + (f.n * 7 + k * 13) % $2::int
     WHERE a.id <> f.id AND (f.n < $3::int - 1 OR (f.n = $3::int - 1 AND k = 0))`,
    [SEED.followsPerUser, SEED.artists, SEED.users],
  ],
  [
    `INSERT INTO notifications (user_id, type, payload, read, created_at)
     SELECT u.id, t.type::notification_type,
            jsonb_build_object('generationId', gen_random_uuid(), 'styleName', 'Bench style ' || (1 + k % 600),
                               'likerId', gen_random_uuid(), 'likerName', 'Bench User ' || (1 + k)),
            k >= $2::int, now() - k * interval '2 hours' - u.n * interval '1 second'
     FROM u CROSS JOIN generate_series(0, $1::int - 1) k
     CROSS JOIN LATERAL (SELECT (ARRAY['image_liked','image_commented','image_generation_completed',
                                       'model_training_completed','image_generation_failed',
                                       'model_training_failed'])[1 + k % 6] AS type) t`,
    [SEED.notificationsPerUser, SEED.unreadPerUser],
  ],
  ['VACUUM ANALYZE', []],
];

/**
 * Seeds the database behind `client` (which it leaves open) and gives `clients` users (not artists,
 * who follow and are notified like anyone) a web session each, through the product's own createSession.
 */
export async function seedCommunity(client: pg.Client, db: Db, clients: number): Promise<CommunitySeed> {
  const started = performance.now();
  const terms = LICENSE_TERMS_V2.text({
    licenseId: '00000000-0000-4000-8000-000000000000',
    licenseeId: '00000000-0000-4000-8000-000000000001',
    licenseeName: 'Bench User 1234',
    engine: 'quilt',
  });
  for (const [text, values] of statements(terms)) await client.query(text, values);
  const users = await client.query<{ id: string }>(
    'SELECT id FROM u WHERE n > $1::int ORDER BY n LIMIT $2::int',
    [SEED.artists, clients],
  );
  const sessions: BenchClient[] = [];
  for (const { id } of users.rows) {
    const { token } = await createSession(db, { userId: id, kind: 'web', ttlDays: 14 });
    sessions.push({ userId: id, token });
  }
  const sample = await client.query<{ id: string }>(
    "SELECT id FROM generations WHERE visibility = 'public' ORDER BY random() LIMIT 2000",
  );
  const probe = async (n: number) =>
    (await client.query<{ id: string }>('SELECT id FROM u WHERE n = $1::int', [n])).rows[0]!.id;
  return {
    clients: sessions,
    followsOne: await probe(SEED.users - 1),
    followsNone: await probe(SEED.users),
    sampleImageIds: sample.rows.map((r) => r.id),
    seconds: (performance.now() - started) / 1000,
  };
}
