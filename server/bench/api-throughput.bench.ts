/**
 * API throughput and latency of one server process on real PostgreSQL (fsync on) at 50, 100 and 200
 * concurrent connections: `styles.search` (anonymous, every connection from one address, the rate
 * limiter's worst case), `styles.get`, and signed in `tokens.balance` and `notifications.unreadCount`,
 * each beside a bare Fastify route calling the same service function through the same pool, so the
 * ratio prices tRPC + rate limit + session. Run by `npm run bench`, which supplies the database;
 * `npm run bench -- api-throughput` runs it alone.
 *
 * How, and why:
 * - The server is a process of its own (api-server.ts: buildApp's app in production configuration, plus
 *   the bare routes), so the load generator does not share its event loop. Both still share this
 *   machine's CPUs with PostgreSQL: absolute rates are a floor, the ratio is what compares.
 * - Load comes from autocannon (keep-alive HTTP/1.1, no pipelining), not a loop of our own. Latency is
 *   taken per 2xx response and the rate counts 2xx only; non-2xx, errors and timeouts are counted and
 *   printed beside the figures with a ⚠, so a run with refusals cannot look good. The server's own CPU
 *   time per answered request is printed too: other processes on the machine move it far less than
 *   they move throughput, so it shows where a gap comes from when rates are noisy.
 * - The API rate limit runs and counts every call; API_RATE_LIMIT is its maximum (1,000,000 per 60 s)
 *   so the bench prices counting, not refusals.
 * - Signed in: one web session cookie per connection (a buyer each, up to 200), and on the bare route
 *   the same buyer named in a header instead of a session.
 * - A warm-up of each (not counted), then tRPC and bare rounds alternate, so drift on a shared machine
 *   hits both alike; each figure is the median of the rounds.
 * - Pool size and log level stay at their defaults (10 connections; info, so Fastify writes two lines
 *   per request, here to /dev/null), as a production server runs.
 * Investigating: BENCH_ONLY=<procedure> runs one procedure and no /healthz; BENCH_CPU_PROF=<dir> writes
 * the server's V8 CPU profile there (Chrome DevTools or speedscope open it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase } from '@style-license/db/testing';
import { createLocalStorage } from '@style-license/platform/storage';
import { SESSION_COOKIE } from '../src/domains/auth/credentials';
import { median, percentile, report } from '../../scripts/bench-report';
import { BENCH_USER_HEADER, SEARCH_TAGS, seedBuyers, seedStyles, type BenchBuyer } from './api-seed';
import { productionEnv, RATE_LIMIT, startBenchServer, type BenchServer } from './api-server-process';

const CONNECTIONS = [50, 100, 200];
const ROUNDS = 3;
const ROUND_S = 2;
const WARMUP_S = 1;
const STYLES = 300;
const ARTISTS = 30;
const STORAGE_SECRET = 'bench-only-storage-signing-secret';
const AUTOCANNON_VERSION = (createRequire(import.meta.url)('autocannon/package.json') as { version: string })
  .version;

interface Procedure {
  name: string;
  who: string;
  signedIn: boolean;
  inputs: unknown[];
  /** What a correct answer over the seeded data looks like (checked once before the load). */
  looksRight(data: unknown): boolean;
}

interface Failures {
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface Measured {
  rate: number;
  p50: number;
  p95: number;
  /** Server CPU ms per answered request. */
  cpuPerRequest: number;
  failures: Failures;
}
interface Target {
  requests: autocannon.Request[];
  setupClient?: (client: autocannon.Client) => void;
}

const query = (input: unknown) =>
  input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;

/** The requests of one procedure on its tRPC route or its bare route, as each connection sends them. */
function targetOf(procedure: Procedure, route: 'trpc' | 'bare', buyers: BenchBuyer[]): Target {
  const path = route === 'trpc' ? `/trpc/${procedure.name}` : `/bench/bare/${procedure.name}`;
  const requests = procedure.inputs.map((input) => ({ method: 'GET' as const, path: path + query(input) }));
  if (!procedure.signedIn) return { requests };
  let next = 0;
  return {
    requests,
    setupClient: (client) => {
      const buyer = buyers[next++ % buyers.length]!;
      const headers =
        route === 'trpc'
          ? { cookie: `${SESSION_COOKIE}=${buyer.token}` }
          : { [BENCH_USER_HEADER]: buyer.userId };
      client.setRequests(requests.map((request) => ({ ...request, headers })));
    },
  };
}

async function load(
  server: BenchServer,
  target: Target,
  connections: number,
  seconds: number,
): Promise<Measured> {
  const cpuBefore = await server.cpuMs();
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = { url: server.url, connections, duration: seconds, timeout: 10, ...target };
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const answered = latencies.length + result.non2xx;
  const at = (p: number) => (latencies.length ? percentile(latencies, p) : Number.NaN);
  return {
    rate: latencies.length / result.duration,
    p50: at(50),
    p95: at(95),
    cpuPerRequest: answered ? ((await server.cpuMs()) - cpuBefore) / answered : Number.NaN,
    failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
  };
}

function summarise(rounds: Measured[]): Measured {
  const sum = (pick: (f: Failures) => number) => rounds.reduce((n, r) => n + pick(r.failures), 0);
  return {
    rate: median(rounds.map((r) => r.rate)),
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
    cpuPerRequest: median(rounds.map((r) => r.cpuPerRequest)),
    failures: {
      non2xx: sum((f) => f.non2xx),
      errors: sum((f) => f.errors),
      timeouts: sum((f) => f.timeouts),
    },
  };
}

/** Alternating rounds of each target after one warm-up of each. */
async function measure(server: BenchServer, targets: Target[], connections: number): Promise<Measured[]> {
  for (const target of targets) await load(server, target, connections, WARMUP_S);
  const rounds: Measured[][] = targets.map(() => []);
  for (let i = 0; i < ROUNDS; i++)
    for (const [t, target] of targets.entries())
      rounds[t]!.push(await load(server, target, connections, ROUND_S));
  return rounds.map(summarise);
}

/** Presigned links differ by their expiry and signature only; everything else must match. */
const canonical = (data: unknown) => JSON.stringify(data).replace(/\?[^"]*"/g, '"');

/** One call of each route before any load: both answer 200, the same data, and the data expected. */
async function checkAnswers(base: string, procedure: Procedure, buyer: BenchBuyer): Promise<void> {
  const suffix = query(procedure.inputs[0]);
  const trpc = await fetch(`${base}/trpc/${procedure.name}${suffix}`, {
    headers: { cookie: `${SESSION_COOKIE}=${buyer.token}` },
  });
  const bare = await fetch(`${base}/bench/bare/${procedure.name}${suffix}`, {
    headers: { [BENCH_USER_HEADER]: buyer.userId },
  });
  const trpcBody = (await trpc.json()) as { result?: { data: unknown } };
  const bareBody: unknown = await bare.json();
  if (trpc.status !== 200 || bare.status !== 200 || canonical(trpcBody.result?.data) !== canonical(bareBody))
    throw new Error(`${procedure.name}: the routes answer differently: ${trpc.status} vs ${bare.status}`);
  if (!procedure.looksRight(bareBody))
    throw new Error(`${procedure.name}: unexpected answer ${JSON.stringify(bareBody).slice(0, 300)}`);
}

const procedures: Procedure[] = [];
const dir = mkdtempSync(join(tmpdir(), 'sl-bench-api-'));
const database = await createTestDatabase();
const results: { procedure: Procedure; connections: number; trpc: Measured; bare: Measured }[] = [];
let healthz: Measured | undefined;
try {
  const storage = createLocalStorage({
    dir,
    publicBaseUrl: 'http://127.0.0.1',
    signingSecret: STORAGE_SECRET,
  });
  const styleIds = await seedStyles(database.db, storage, { styles: STYLES, artists: ARTISTS });
  const buyers = await seedBuyers(database.db, Math.max(...CONNECTIONS));
  procedures.push(
    {
      name: 'styles.search',
      who: 'anonymous, every connection from one address',
      signedIn: false,
      // The default feed, one tag, and the popular sort, in turn.
      inputs: [
        {},
        { tags: [SEARCH_TAGS[0]] },
        { sort: 'popular' },
        { tags: [SEARCH_TAGS[2]], sort: 'popular' },
      ],
      looksRight: (data) => (data as { items: unknown[] }).items.length === 20,
    },
    {
      name: 'styles.get',
      who: 'anonymous, every connection from one address',
      signedIn: false,
      inputs: styleIds.slice(0, 50).map((styleId) => ({ styleId })),
      looksRight: (data) => (data as { sampleUrls: unknown[] }).sampleUrls.length === 4,
    },
    {
      name: 'tokens.balance',
      who: 'signed in, one buyer per connection',
      signedIn: true,
      inputs: [undefined],
      looksRight: (data) => (data as { balance: number }).balance === 500,
    },
    {
      name: 'notifications.unreadCount',
      who: 'signed in, one buyer per connection',
      signedIn: true,
      inputs: [undefined],
      looksRight: (data) => (data as { count: number }).count === 10,
    },
  );
  const server = await startBenchServer(
    productionEnv({
      databaseUrl: database.url,
      storageDir: dir,
      origin: 'http://127.0.0.1',
      storageSecret: STORAGE_SECRET,
    }),
  );
  try {
    const only = process.env.BENCH_ONLY;
    for (const procedure of procedures.filter((p) => !only || p.name === only)) {
      await checkAnswers(server.url, procedure, buyers[0]!);
      const targets = [targetOf(procedure, 'trpc', buyers), targetOf(procedure, 'bare', buyers)];
      for (const connections of CONNECTIONS) {
        const [trpc, bare] = await measure(server, targets, connections);
        results.push({ procedure, connections, trpc: trpc!, bare: bare! });
        console.error(
          `[api-throughput] ${procedure.name} @ ${connections}: ${line(trpc!)} | bare ${line(bare!)}`,
        );
      }
    }
    if (!only) [healthz] = await measure(server, [{ requests: [{ method: 'GET', path: '/healthz' }] }], 200);
  } finally {
    await server.stop();
  }
} finally {
  await database.dispose();
  rmSync(dir, { recursive: true, force: true });
}

function failuresOf(f: Failures): string {
  return f.non2xx || f.errors ? ` · ⚠ ${f.non2xx} non-2xx, ${f.errors} errors (${f.timeouts} timeouts)` : '';
}
function line(m: Measured): string {
  const ms = (v: number) => v.toFixed(1);
  const rate = Math.round(m.rate).toLocaleString('en');
  return `${rate} req/s · p50 ${ms(m.p50)} / p95 ${ms(m.p95)} ms · server CPU ${m.cpuPerRequest.toFixed(2)} ms/req${failuresOf(m.failures)}`;
}
const ratio = (r: { trpc: Measured; bare: Measured }) => r.trpc.rate / r.bare.rate;

const conditions =
  `Medians of ${ROUNDS} rounds of ${ROUND_S} s per figure (after a ${WARMUP_S} s warm-up), tRPC and bare rounds ` +
  `alternating; rates count 2xx answers only, server CPU is the API process's user + system time per answer, and ⚠ gives the non-2xx, errors and timeouts summed over the ` +
  `rounds. One server process (pool 10, log level info), autocannon ${AUTOCANNON_VERSION} in another, and ` +
  `PostgreSQL (fsync on) share this machine's CPUs. Seed: ${STYLES} ready styles by ${ARTISTS} artists ` +
  `(3 tags, 4 signed samples each, local store), ${Math.max(...CONNECTIONS)} buyers with a wallet, ` +
  `30 notifications (10 unread) and a web session. API_RATE_LIMIT ${RATE_LIMIT.toLocaleString('en')} per ` +
  `60 s: every call is counted, none refused.`;

for (const procedure of procedures) {
  const mine = results.filter((r) => r.procedure === procedure);
  if (mine.length === 0) continue;
  report({
    name: `API throughput: ${procedure.name} (${procedure.who})`,
    rows: mine.flatMap((r) => [
      { metric: `${r.connections} connections, tRPC`, value: line(r.trpc) },
      { metric: `${r.connections} connections, bare route`, value: line(r.bare) },
      {
        metric: `${r.connections} connections, tRPC ÷ bare throughput (bare ÷ tRPC server CPU per request)`,
        value: `${ratio(r).toFixed(2)} (${(r.bare.cpuPerRequest / r.trpc.cpuPerRequest).toFixed(2)})`,
      },
    ]),
    notes: conditions,
  });
}

const search200 = results.find((r) => r.procedure.name === 'styles.search' && r.connections === 200);
const failed = results.flatMap((r) => [r.trpc, r.bare]).some((m) => m.failures.non2xx || m.failures.errors);
const lowest = [...results].sort((a, b) => ratio(a) - ratio(b))[0];
const verdict = (met: boolean, detail: string) => `${met ? 'met' : 'NOT met'}: ${detail}`;
const rows = [];
if (search200) {
  rows.push(
    {
      metric: 'styles.search at 200 connections: ≥ 2,000 req/s',
      value: verdict(
        search200.trpc.rate >= 2000,
        `${Math.round(search200.trpc.rate).toLocaleString('en')} req/s`,
      ),
    },
    {
      metric: 'styles.search at 200 connections: p95 < 100 ms',
      value: verdict(search200.trpc.p95 < 100, `${search200.trpc.p95.toFixed(1)} ms`),
    },
  );
}
if (lowest) {
  rows.push(
    {
      metric: 'tRPC + rate limit + session ≥ 50% of the bare route, every procedure and level',
      value: verdict(
        ratio(lowest) >= 0.5,
        `lowest ${ratio(lowest).toFixed(2)} (${lowest.procedure.name} at ${lowest.connections} connections)`,
      ),
    },
    { metric: 'no refusals, errors or timeouts', value: verdict(!failed, failed ? 'see ⚠ above' : 'none') },
  );
}
if (healthz)
  rows.push({
    metric: '/healthz at 200 connections (no tRPC, no database: the HTTP floor)',
    value: line(healthz),
  });
/**
 * What the profiles showed (BENCH_CPU_PROF, styles.search at 200 connections, the 2-core machine of
 * docs/BENCHMARKS.md); kept beside the figures because the issue asks for the cause of any gap.
 */
const gapCauses = [
  'Where the gaps come from (CPU profile of the API process, `BENCH_CPU_PROF`): for `styles.search` the bare',
  'route is itself the cap, at 5–6 ms of server CPU per answer: its two SQL round trips (socket writes 15%',
  "and pg's result parsing 20% of server time, both slow on this sandboxed machine), drizzle building the",
  'SQL (~10%) and presigning 20 thumbnail links (~10%). /healthz, with no database at all, tops out near',
  '4,000 req/s here, so 2,000 req/s of search needs fewer round trips per page and a faster host. For the',
  "signed-in procedures the remaining difference is tRPC's fetch adapter (a Request and a streamed",
  'Response built per call, about 1 ms here); the session lookup is a prepared statement and the rate',
  'limiter about 1% of server time, now that it no longer writes per call (with the per-call write, the',
  'issue measured 375–460 req/s for search at 200 connections, all callers queued on one row).',
].join(' ');
report({ name: 'API throughput: goals', rows, notes: `${conditions}\n\n${gapCauses}` });
