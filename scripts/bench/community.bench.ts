/**
 * The community's read paths under load (issue 13): feed first page, feed page 50 (by cursor), the
 * "following" feed, an image's page and the notification list, over 10,000 users and 100,000 public
 * images (community-seed.ts), against one server process (community-load.ts), each client with its own
 * web session; the five kinds are in community-kinds.ts. Read two ways, both reported
 * (community-report.ts):
 * - Paced (the goals): 100 and 200 clients each sending one request a second, as people
 *   browsing do (community-paced.ts); latency from the send, queueing behind a slow answer counted.
 * - Capacity: 1, 100 and 200 closed-loop clients (autocannon, no think time), which measure how many
 *   requests a second one process answers; at N clients their mean latency is N ÷ throughput.
 * Each figure beside the SQL its service issues, run bare through `pg` on the same schedule, and the
 * plans of those statements (community-sql.ts): a sequential scan of `generations` fails the benchmark.
 * Run by `npm run bench`, which supplies PostgreSQL (fsync on); `npm run bench -- community` runs it
 * alone. The kinds take turns in rounds, so drift on a shared machine hits all alike; each figure is
 * the median over the rounds. Investigating: BENCH_CPU_PROF=<dir> writes the server's V8 CPU profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '@style-license/db/testing';
import type { Db } from '@style-license/db';
import { createLocalStorage, type ObjectStorage } from '@style-license/platform/storage';
import { PREVIEW_URL_SECONDS } from '../../server/src/domains/gallery/image-rows';
import { median } from '../bench-report';
import {
  browserHeaders,
  callTrpc,
  cursorOfPage,
  loadRound,
  productionEnv,
  startServer,
  type Round,
} from './community-load';
import { FEED_PAGE, PAGE_DEEP, feedAs, requestKinds, type Kind } from './community-kinds';
import { httpClients, pacedRound } from './community-paced';
import { cellKey, reportCommunity, type Cell, type Method } from './community-report';
import { seedCommunity } from './community-seed';
import {
  bareSqlMedian,
  bareSqlPaced,
  bareSqlUnderLoad,
  explainRequest,
  recordingDb,
  type PlanSummary,
  type RequestSql,
  type SqlUnderLoad,
} from './community-sql';

const METHOD: Method = {
  pacedLevels: [100, 200],
  closedLevels: [1, 100, 200],
  rounds: 3,
  pacedRoundS: 5,
  pacedSqlS: 3,
  closedRoundS: 2,
  warmupS: 1,
  sqlRuns: 300,
  pool: 10,
};
/** Requests captured per kind (different clients and images), cycled through by the bare SQL runs. */
const VARIANTS = 20;
const STORAGE_SECRET = 'bench-only-storage-signing-secret';
const ORIGIN = 'http://127.0.0.1';

const dir = mkdtempSync(join(tmpdir(), 'sl-bench-community-'));
const database = await createTestDatabase();
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
const pool = new pg.Pool({ connectionString: database.url, max: METHOD.pool });
const storage: ObjectStorage = createLocalStorage({
  dir,
  publicBaseUrl: ORIGIN,
  signingSecret: STORAGE_SECRET,
});
const kinds: Kind[] = [];
const plans = new Map<string, PlanSummary>();
const bareSql = new Map<Kind, { plain: number; prepared: number }>();
const cells = new Map<string, Cell>();
let seedSeconds = 0;
let presignMs = 0;

/** The median of each figure over the rounds; failures and waits summed, the worst send lag. */
function medianRound(rounds: (Round & { waited?: number; sendLag?: number })[]): Cell['http'] {
  const mid = (pick: (r: Round) => number) => median(rounds.map(pick));
  return {
    p50: mid((m) => m.p50),
    p95: mid((m) => m.p95),
    p99: mid((m) => m.p99),
    rate: mid((m) => m.rate),
    cpuPerRequest: mid((m) => m.cpuPerRequest),
    failed: rounds.reduce((n, m) => n + m.failed, 0),
    waited: rounds.reduce((n, m) => n + (m.waited ?? 0), 0),
    sendLag: Math.max(...rounds.map((m) => m.sendLag ?? 0)),
  };
}
const medianSql = (rounds: SqlUnderLoad[]): SqlUnderLoad | undefined =>
  rounds.length
    ? {
        p50: median(rounds.map((s) => s.p50)),
        p95: median(rounds.map((s) => s.p95)),
        rate: median(rounds.map((s) => s.rate)),
      }
    : undefined;

try {
  const seed = await seedCommunity(
    admin,
    database.db,
    Math.max(...METHOD.pacedLevels, ...METHOD.closedLevels),
  );
  seedSeconds = seed.seconds;
  const { clients, sampleImageIds } = seed;
  console.error(`[community] seeded in ${seedSeconds.toFixed(0)} s`);
  const server = await startServer(
    productionEnv({
      databaseUrl: database.url,
      storageDir: dir,
      origin: ORIGIN,
      storageSecret: STORAGE_SECRET,
    }),
  );
  try {
    const headersOf = (c: number) => browserHeaders(clients[c]!, ORIGIN);
    const deep = await cursorOfPage(server.url, headersOf(0), { page: PAGE_DEEP, limit: FEED_PAGE });
    const followed = new Set(
      (
        await admin.query<{ id: string }>('SELECT followee_id AS id FROM follows WHERE follower_id = $1', [
          clients[0]!.userId,
        ])
      ).rows.map((r) => r.id),
    );
    kinds.push(
      ...requestKinds({ clients, sampleImageIds, storage, deepCursor: deep, followedByFirst: followed }),
    );
    for (const kind of kinds) {
      const data = await callTrpc(server.url, kind.paths(0)[0]!, headersOf(0));
      if (!kind.looksRight(data))
        throw new Error(`${kind.name}: unexpected answer ${JSON.stringify(data).slice(0, 300)}`);
    }

    const recorder = recordingDb(pool);
    const capture = async (run: (db: Db) => Promise<unknown>) => {
      await run(recorder.db);
      return recorder.take();
    };
    const captured = new Map<Kind, RequestSql[]>();
    for (const kind of kinds) {
      const requests: RequestSql[] = [];
      for (let c = 0; c < VARIANTS; c++) requests.push(await capture((db) => kind.call(db, c)));
      captured.set(kind, requests);
      const plan = await explainRequest(admin, requests[0]!);
      plans.set(kind.name, plan);
      if (plan.seqScanOfGenerations || (kind.readsImages && plan.generationsScans.length === 0)) {
        console.error(plan.text);
        throw new Error(`${kind.name}: generations is not read by an index (plan above)`);
      }
      bareSql.set(kind, {
        plain: await bareSqlMedian(admin, requests, METHOD.sqlRuns),
        prepared: await bareSqlMedian(admin, requests, METHOD.sqlRuns, true),
      });
    }
    // Newcomers' following feeds: not in the load, but what their plans read is reported.
    for (const [name, userId] of [
      ['following feed, a reader following 1 artist', seed.followsOne],
      ['following feed, a reader following nobody', seed.followsNone],
    ] as const)
      plans.set(
        name,
        await explainRequest(admin, await capture(feedAs(storage, userId, { following: true }))),
      );
    const previews = sampleImageIds.slice(0, FEED_PAGE).map((id) => `generations/${id}.webp`);
    const presign = async () => {
      const started = performance.now();
      await Promise.all(
        previews.map((k) => storage.presignGet(k, { expiresInSeconds: PREVIEW_URL_SECONDS })),
      );
      return performance.now() - started;
    };
    const presignTimes: number[] = [];
    for (let i = 0; i < 250; i++) presignTimes.push(await presign());
    presignMs = median(presignTimes.slice(50));

    const log = (mode: Cell['mode'], kind: Kind, level: number) => {
      const cell = cells.get(cellKey(mode, kind, level))!;
      const m = cell.http;
      console.error(
        `[community] ${mode} ${kind.name} @ ${level}: p50 ${m.p50.toFixed(1)} / p95 ${m.p95.toFixed(1)} / ` +
          `p99 ${m.p99.toFixed(1)} ms · ${Math.round(m.rate)} req/s · CPU ${m.cpuPerRequest.toFixed(2)} ms/req` +
          ` · SQL p50 ${(cell.sql?.p50 ?? bareSql.get(kind)!.plain).toFixed(2)} ms` +
          (m.failed ? ` · ${m.failed} failed` : '') +
          (mode === 'paced' ? ` · ${m.waited} waited · send lag p95 ${m.sendLag.toFixed(1)} ms` : ''),
      );
    };

    // Paced first, on a server the checks above have warmed; one connection per client per level.
    for (const level of METHOD.pacedLevels) {
      const http = httpClients(server.url, level);
      try {
        const round = (kind: Kind, seconds: number, sendTimes: number) =>
          pacedRound(server, http, {
            clients: level,
            seconds,
            seed: sendTimes,
            pathsOf: kind.paths,
            headersOf,
          });
        // Send times differ by level, round and kind, and repeat from run to run.
        const draw = (r: number, k: number) => level * 1000 + r * kinds.length + k;
        for (const [k, kind] of kinds.entries()) await round(kind, METHOD.warmupS, draw(-1, k));
        const rounds = new Map<Kind, Cell['http'][]>(kinds.map((kind) => [kind, []]));
        const sqlRounds = new Map<Kind, SqlUnderLoad[]>(kinds.map((kind) => [kind, []]));
        for (let r = 0; r < METHOD.rounds; r++) {
          for (const [k, kind] of kinds.entries()) {
            rounds.get(kind)!.push(await round(kind, METHOD.pacedRoundS, draw(r, k)));
          }
          for (const [k, kind] of kinds.entries()) {
            sqlRounds
              .get(kind)!
              .push(await bareSqlPaced(pool, captured.get(kind)!, level, METHOD.pacedSqlS, draw(r, k)));
          }
        }
        for (const kind of kinds) {
          cells.set(cellKey('paced', kind, level), {
            mode: 'paced',
            http: medianRound(rounds.get(kind)!),
            sql: medianSql(sqlRounds.get(kind)!),
          });
          log('paced', kind, level);
        }
      } finally {
        http.close();
      }
    }

    for (const level of METHOD.closedLevels) {
      const load = (kind: Kind, seconds: number) =>
        loadRound(server, {
          connections: level,
          seconds,
          clients: clients.length,
          pathsOf: kind.paths,
          headersOf,
        });
      for (const kind of kinds) await load(kind, METHOD.warmupS);
      const rounds = new Map<Kind, Round[]>(kinds.map((kind) => [kind, []]));
      const sqlRounds = new Map<Kind, SqlUnderLoad[]>(kinds.map((kind) => [kind, []]));
      for (let r = 0; r < METHOD.rounds; r++) {
        for (const kind of kinds) rounds.get(kind)!.push(await load(kind, METHOD.closedRoundS));
        // A single client's SQL is the idle connection's median above.
        if (level > 1)
          for (const kind of kinds)
            sqlRounds
              .get(kind)!
              .push(await bareSqlUnderLoad(pool, captured.get(kind)!, level, METHOD.closedRoundS));
      }
      for (const kind of kinds) {
        cells.set(cellKey('closed', kind, level), {
          mode: 'closed',
          http: medianRound(rounds.get(kind)!),
          sql: medianSql(sqlRounds.get(kind)!),
        });
        log('closed', kind, level);
      }
    }
  } finally {
    await server.stop();
  }
} finally {
  await pool.end();
  await admin.end();
  await database.dispose();
  rmSync(dir, { recursive: true, force: true });
}

reportCommunity({ method: METHOD, kinds, cells, bareSql, plans, presignMs, seedSeconds });
