/**
 * The community benchmark's sections of docs/BENCHMARKS.md: paced latency (where the goals are
 * judged), closed-loop capacity (informational) and the query plans.
 */
import { cpus } from 'node:os';
import { report } from '../bench-report';
import { RATE_LIMIT, type Round } from './community-load';
import { FEED_PAGE, IMAGES_PER_CLIENT, PAGE_DEEP, type Kind } from './community-kinds';
import { SEED } from './community-seed';
import type { PlanSummary, SqlUnderLoad } from './community-sql';

export interface Method {
  pacedLevels: number[];
  closedLevels: number[];
  rounds: number;
  pacedRoundS: number;
  /** Seconds of each paced bare SQL round. */
  pacedSqlS: number;
  closedRoundS: number;
  warmupS: number;
  /** Runs of each kind's SQL on one idle connection. */
  sqlRuns: number;
  /** The server's pool size, and the bare SQL's. */
  pool: number;
}

export interface Cell {
  mode: 'paced' | 'closed';
  /** waited and sendLag: paced only (community-paced.ts). */
  http: Round & { waited: number; sendLag: number };
  /** Bare SQL on the same schedule; none for one closed-loop client (the idle median stands in). */
  sql?: SqlUnderLoad;
}

export const cellKey = (mode: Cell['mode'], kind: Kind, level: number) => `${mode} ${kind.name}@${level}`;

export interface CommunityResults {
  method: Method;
  kinds: Kind[];
  cells: Map<string, Cell>;
  bareSql: Map<Kind, { plain: number; prepared: number }>;
  plans: Map<string, PlanSummary>;
  presignMs: number;
  seedSeconds: number;
}

const GOAL_P95_MS: Record<number, number> = { 100: 50, 200: 100 };
const GOAL_RATIO = 3;

const verdict = (met: boolean, detail: string) => `${met ? 'met' : 'NOT met'}: ${detail}`;
const count = (n: number) => Math.round(n).toLocaleString('en');
const clientsOf = (level: number) => `${level} client${level === 1 ? '' : 's'}`;
const range = (values: number[], digits: number) => {
  const f = (v: number) =>
    v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(Math.min(...values))}–${f(Math.max(...values))}`;
};
const bullets = (lines: string[]) => lines.map((line) => `- ${line}`).join('\n');

export function reportCommunity(results: CommunityResults): void {
  const { method, kinds, cells, bareSql } = results;
  const cell = (mode: Cell['mode'], kind: Kind, level: number) => cells.get(cellKey(mode, kind, level))!;
  const sqlP50 = (mode: Cell['mode'], kind: Kind, level: number) =>
    cell(mode, kind, level).sql?.p50 ?? bareSql.get(kind)!.plain;
  /** HTTP p50 ÷ bare SQL p50 at the same concurrency. */
  const ratio = (mode: Cell['mode'], kind: Kind, level: number) =>
    cell(mode, kind, level).http.p50 / sqlP50(mode, kind, level);
  const line = (mode: Cell['mode'], kind: Kind, level: number) => {
    const { http, sql } = cell(mode, kind, level);
    const ms = (v: number) => v.toFixed(1);
    const sqlRate = mode === 'closed' && sql ? `, ${count(sql.rate)}/s` : '';
    return (
      `p50 ${ms(http.p50)} / p95 ${ms(http.p95)} / p99 ${ms(http.p99)} ms · ${count(http.rate)} req/s · ` +
      `CPU ${http.cpuPerRequest.toFixed(2)} ms/req · ${ratio(mode, kind, level).toFixed(1)}× SQL ` +
      `(${sqlP50(mode, kind, level).toFixed(2)} ms${sqlRate})` +
      (http.waited ? ` · ${http.waited} waited` : '') +
      (http.failed ? ` · ⚠ ${http.failed} failed` : '')
    );
  };
  const all = (mode: Cell['mode'], levels: number[]) =>
    levels.flatMap((level) => kinds.map((kind) => ({ kind, level, ...cell(mode, kind, level) })));
  const cores = cpus().length;

  // Paced: the goals.
  const paced = all('paced', method.pacedLevels);
  const ratios = paced.map((c) => ({ ...c, ratio: ratio('paced', c.kind, c.level) }));
  const worstRatio = [...ratios].sort((a, b) => b.ratio - a.ratio)[0]!;
  const pacedFailed = paced.reduce((n, c) => n + c.http.failed, 0);
  const samples = method.rounds * method.pacedRoundS * Math.min(...method.pacedLevels);
  report({
    name: "Community: latency of paced clients, each one request a second (the issue's goals)",
    rows: [
      ...method.pacedLevels.map((level) => {
        const worst = paced.filter((c) => c.level === level).sort((a, b) => b.http.p95 - a.http.p95)[0]!;
        const goal = GOAL_P95_MS[level] ?? GOAL_P95_MS[100]!;
        return {
          metric: `p95 < ${goal} ms at ${level} paced clients, every kind`,
          value: verdict(worst.http.p95 < goal, `worst ${worst.http.p95.toFixed(1)} ms (${worst.kind.name})`),
        };
      }),
      {
        metric: `HTTP p50 ≤ ${GOAL_RATIO}× bare SQL p50 at the same concurrency, every kind`,
        value: verdict(
          worstRatio.ratio <= GOAL_RATIO,
          `${ratios.filter((r) => r.ratio <= GOAL_RATIO).length} of ${ratios.length} within; worst ` +
            `${worstRatio.ratio.toFixed(1)}× (${worstRatio.kind.name} at ${worstRatio.level}: ` +
            `${worstRatio.http.p50.toFixed(1)} ms against ${sqlP50('paced', worstRatio.kind, worstRatio.level).toFixed(2)} ms)`,
        ),
      },
      {
        metric: 'no refusals or errors',
        value: verdict(!pacedFailed, pacedFailed ? `${pacedFailed} (⚠ below)` : 'none'),
      },
      ...paced.map((c) => ({
        metric: `${c.kind.name} · ${clientsOf(c.level)}`,
        value: line('paced', c.kind, c.level),
      })),
    ],
    notes: bullets([
      `Each client has its own web session (cookie, origin and CSRF header as a browser sends them) and ` +
        `keep-alive connection, and sends one request a second at a random moment of each second (seeded), ` +
        `so N clients make about N req/s spread over the second. The kinds take turns in ${method.rounds} ` +
        `rounds of ${method.pacedRoundS} s after a ${method.warmupS} s warm-up each (≥ ${count(samples)} ` +
        `answers per kind and level); figures are medians over the rounds, latencies of 2xx answers.`,
      `Latency counts from the request's send; a request that falls due while its client still waits for ` +
        `the previous answer goes after it and counts from when it fell due ("waited"), so queueing is not ` +
        `hidden. autocannon's \`connectionRate\` would hide it (it times a delayed request from its late send, ` +
        `corrects with a 1 ms interval, and releases every connection's request on one shared 1 s tick), so ` +
        `a hand-written loop over node:http agents sends them (community-paced.ts); its own send lag was at ` +
        `most ${Math.max(...paced.map((c) => c.http.sendLag)).toFixed(1)} ms at p95.`,
      `"× SQL": HTTP p50 ÷ the p50 of the service's own statements, captured from it and sent bare ` +
        `through \`pg\` on the same schedule and a pool of ${method.pool} (the server's): what the session ` +
        `lookup, tRPC, validation, presigning and HTTP add. CPU: the server process's user + system time ` +
        `per answer.`,
      `One server process (server/bench/api-server.ts: production configuration, pool ${method.pool}, log ` +
        `level info, local store, API_RATE_LIMIT ${count(RATE_LIMIT)} so none is refused). PostgreSQL (fsync on, default settings), the server and the load ` +
        `generator share this machine's ${cores} cores, with whatever else runs on it: compare medians and ` +
        `ratios. Data: see the query plans' section.`,
    ]),
  });

  // Closed loops: capacity, informational.
  const closed = all('closed', method.closedLevels);
  const loaded = method.closedLevels.filter((level) => level > 1);
  const cpu = closed.map((c) => c.http.cpuPerRequest);
  report({
    name: 'Community: capacity of one server process (closed-loop clients, no think time)',
    rows: [
      {
        metric: 'requests a second one process answers (informational)',
        value:
          loaded
            .map((level) => {
              const rates = closed.filter((c) => c.level === level).sort((a, b) => a.http.rate - b.http.rate);
              return `${range(
                rates.map((c) => c.http.rate),
                0,
              )} at ${level} clients (${rates[0]!.kind.name} to ${rates.at(-1)!.kind.name})`;
            })
            .join('; ') +
          `; its own CPU, ${range(cpu, 2)} ms/req, caps one process at ${range(
            cpu.map((ms) => 1000 / ms),
            0,
          )} req/s`,
      },
      ...kinds.map((kind) => ({
        metric: `${kind.name} · bare SQL, one idle connection (as prepared statements)`,
        value: `${bareSql.get(kind)!.plain.toFixed(2)} ms (${bareSql.get(kind)!.prepared.toFixed(2)})`,
      })),
      ...closed.map((c) => ({
        metric: `${c.kind.name} · ${clientsOf(c.level)}`,
        value: line('closed', c.kind, c.level),
      })),
    ],
    notes: bullets([
      `autocannon 9 in the benchmark's process: N keep-alive connections, each with its own session, each ` +
        `sending its next request the moment an answer arrives, so at N clients the mean latency is ` +
        `N ÷ throughput: these rows measure throughput, not what a person waits. ${method.rounds} rounds ` +
        `of ${method.closedRoundS} s after a ${method.warmupS} s warm-up each, the kinds taking turns; medians.`,
      `"× SQL": at 1 client the idle connection's median of ${method.sqlRuns} runs; at more, the bare SQL ` +
        `p50 (and rate) from as many loops as clients through a pool of ${method.pool}. Machine and server ` +
        `as in the paced section.`,
      `Where a feed request's server CPU goes (V8 profiles, BENCH_CPU_PROF, 2026-12-07; self time): pg ` +
        `~18% (two round trips with the session lookup), Drizzle ~12% (SQL built anew each call, row ` +
        `mapping), tRPC's fetch adapter ~11%, GC ~9%, Fastify and its two log lines ~9%, presigning ~7%, ` +
        `zod output validation ~4%. Fixes by yield: cache the unfiltered feed ~1 s by cursor (likedByMe ` +
        `from one index-only likes query); prepared Drizzle statements for the feed, image and ` +
        `notification queries (no SQL building, no planning: the prepared bare SQL above); a process per core.`,
    ]),
  });

  report({
    name: 'Community: query plans',
    rows: [
      {
        metric: 'no sequential scan of generations (feed, page 50, following, image)',
        value: verdict(true, 'checked before the load; the benchmark exits non-zero otherwise'),
      },
      ...[...results.plans].map(([name, plan]) => ({
        metric: `plan: ${name}`,
        value: plan.generationsScans.length
          ? `${plan.generationsScans.join(', ')} · ${count(plan.generationsRows)} row${plan.generationsRows === 1 ? '' : 's'} of generations read · EXPLAIN ANALYZE ${plan.executionMs.toFixed(2)} ms`
          : `generations not read · EXPLAIN ANALYZE ${plan.executionMs.toFixed(2)} ms`,
      })),
      {
        metric: `presigning a feed page's ${FEED_PAGE} preview links, in-process, ms (median of 200)`,
        value: results.presignMs.toFixed(2),
      },
    ],
    notes: bullets([
      `EXPLAIN (ANALYZE) of the statements each service issues for one request, captured from the service ` +
        `itself, before the load; a sequential scan of generations, or an image kind that does not read it, ` +
        `fails the benchmark.`,
      `Data (${results.seedSeconds.toFixed(0)} s of set-based SQL, then VACUUM ANALYZE): ` +
        `${count(SEED.users)} users, ${SEED.artists} artists with ${SEED.stylesPerArtist} ready styles each, ` +
        `${count(SEED.publicImages)} public and ${count(SEED.generations - SEED.publicImages)} private ` +
        `succeeded images with licenses, ~${SEED.likesPerUser} likes per user and ${count(SEED.comments)} ` +
        `comments weighted towards recent images, ${SEED.followsPerUser} followed artists and ` +
        `${SEED.notificationsPerUser} notifications (${SEED.unreadPerUser} unread) per user.`,
      `Requests: feed pages of ${FEED_PAGE}; page ${PAGE_DEEP} by the cursor a walk from the top gave; ` +
        `${IMAGES_PER_CLIENT} random public images per client; notifications 20 a page.`,
    ]),
  });
}
