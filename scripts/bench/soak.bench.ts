/**
 * Soak (issue 16): two server processes and one worker of the production build behind the topology's
 * balancer, under a steady, paced mixed load for SOAK_MINUTES (default 10): the community benchmark's
 * reads and data, likes, unlikes and comments, and an image generation every GENERATION_EVERY_S that
 * the worker renders and signs. Every window (30 s) it records the window's latency and each
 * process's resident memory (VmRSS, /proc); then compares the first third of the windows with the last:
 * memory or latency that keeps growing under a steady load is a leak or a degradation.
 * `npm run bench -- soak` runs it alone; SOAK_MINUTES=1.5 SOAK_CLIENTS=… shorten it while developing.
 */
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { median, percentile, report } from '../bench-report';
import { becomeArtist, buyTokens, generate, signIn, trainStyle, type client } from '../journey';
import { pacedLoops } from './community-paced';
import { CORES, machineSeconds, rssMiB } from './scale-out-proc';
import { type BenchTopology, clock, startBenchTopology } from './scale-out-setup';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MINUTES = setting('SOAK_MINUTES', 10);
const WINDOW_S = setting('SOAK_WINDOW_S', 30);
/** Not recorded: the first minute's JIT compilation, caches and heap sizing are not growth. */
const WARMUP_S = setting('SOAK_WARMUP_S', 60);
/** Each sends one request a second: about this many requests a second, well under capacity. */
const CLIENTS = setting('SOAK_CLIENTS', 30);
const GENERATION_EVERY_S = 20;
const WINDOWS = Math.max(3, Math.round((MINUTES * 60) / WINDOW_S));
/** Growth beyond these (last third's median over the first's) counts; below, it is noise. */
const RSS_GROWTH = 0.1;
const P95_GROWTH = 0.25;
/** Machine busy cores (median) by which the thirds may differ before the comparison is confounded. */
const OUTSIDE_LOAD_CORES = 0.5;
/** Rows of the time table at most (the document stays readable for long soaks). */
const TABLE_ROWS = 20;

const log = (message: string) => console.error(`[soak] ${message}`);

interface Window {
  /** Seconds since the soak started, at the window's end. */
  t: number;
  p50: number;
  p95: number;
  rate: number;
  failed: number;
  waited: number;
  /** MiB: server 1, server 2, worker. */
  rss: number[];
  /** Cores the whole machine was busy, ours and other runs': a p95 spike with it near all is noise. */
  busy: number;
}

/** One keep-alive connection per client (as a browser tab holds one), for GETs and JSON POSTs alike. */
function httpClients(base: string, count: number) {
  const agents = Array.from({ length: count }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  const send = (c: number, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<boolean>((resolve) => {
      const options = {
        agent: agents[c],
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        timeout: 10_000,
      };
      const sent = request(base + path, options, (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        response.once('end', () => resolve(status >= 200 && status < 300));
        response.once('error', () => resolve(false));
      });
      sent.once('timeout', () => sent.destroy(new Error('timed out')));
      sent.once('error', () => resolve(false));
      sent.end(body);
    });
  return { send, close: () => agents.forEach((agent) => agent.destroy()) };
}

/**
 * Client c's n-th request (n counts on across windows): of every 20, two likes, the two unlikes of
 * the same images five seconds later, one comment, and fifteen reads of the five kinds in turn.
 */
function requestOf(bench: BenchTopology, c: number, n: number): { path: string; body?: string } {
  const step = n % 20;
  const generationId = bench.imageOf(c, Math.floor(n / 10));
  if (step === 3 || step === 13) return { path: '/trpc/likes.add', body: JSON.stringify({ generationId }) };
  if (step === 8 || step === 18)
    return { path: '/trpc/likes.remove', body: JSON.stringify({ generationId }) };
  if (step === 15)
    return { path: '/trpc/comments.add', body: JSON.stringify({ generationId, body: `Soak comment ${n}.` }) };
  const kind = bench.kinds[n % bench.kinds.length]!;
  const paths = kind.paths(c);
  return { path: paths[Math.floor(n / bench.kinds.length) % paths.length]! };
}

/** An artist with a trained style and a buyer with tokens, signed in through the balancer. */
async function generationSetup(url: string) {
  const person = (name: string) => signIn(url, { name, email: `${randomUUID()}@example.test` });
  const artist = await person(`Soak Artist ${randomUUID().slice(0, 6)}`);
  await becomeArtist(artist);
  await buyTokens(url, artist);
  const styleId = await trainStyle(artist, `Soak ${randomUUID().slice(0, 6)}`);
  const buyer = await person('Soak Buyer');
  await buyTokens(url, buyer, 'tokens_1000');
  return { buyer, styleId };
}

/** One generation every GENERATION_EVERY_S until `until()`: seconds from order to signed image. */
async function generations(buyer: ReturnType<typeof client>, styleId: string, done: () => boolean) {
  const seconds: number[] = [];
  let failed = 0;
  while (!done()) {
    const started = performance.now();
    try {
      await generate(buyer, styleId, { priceTokens: 5, pollMs: 250 });
      seconds.push((performance.now() - started) / 1000);
    } catch (error) {
      failed++;
      log(`generation failed: ${error}`);
    }
    const wait = GENERATION_EVERY_S * 1000 - (performance.now() - started);
    for (let left = wait; left > 0 && !done(); left -= 500) await new Promise((r) => setTimeout(r, 500));
  }
  return { seconds, failed };
}

const windows: Window[] = [];
let gens = { seconds: [] as number[], failed: 0 };
let balancerFailed = 0;
const bench = await startBenchTopology({ servers: 2, workers: 1, clients: CLIENTS, log });
try {
  const { topology } = bench;
  const { buyer, styleId } = await generationSetup(topology.url);
  log('style trained, buyer has tokens');
  const members = [...topology.servers, ...topology.workers];
  const http = httpClients(topology.url, CLIENTS);
  let n0 = 0;
  const window = async (seed: number, seconds = WINDOW_S) => {
    const from = n0;
    const samples = await pacedLoops({
      clients: CLIENTS,
      seconds,
      seed,
      send: (c, i) => {
        const { path, body } = requestOf(bench, c, from + i);
        return http.send(c, path, bench.headersOf(c), body);
      },
    });
    n0 += seconds;
    return samples;
  };
  try {
    await window(0, WARMUP_S);
    let finished = false;
    const started = performance.now();
    const generating = generations(buyer, styleId, () => finished);
    for (let w = 1; w <= WINDOWS; w++) {
      const machineBefore = machineSeconds();
      const samples = await window(w);
      const machine = machineSeconds();
      const record: Window = {
        t: (performance.now() - started) / 1000,
        p50: percentile(samples.latencies, 50),
        p95: percentile(samples.latencies, 95),
        rate: samples.latencies.length / samples.elapsed,
        failed: samples.failed,
        waited: samples.waited,
        rss: members.map((m) => rssMiB(m.pid)),
        busy: ((machine.busy - machineBefore.busy) / (machine.total - machineBefore.total)) * CORES,
      };
      windows.push(record);
      log(
        `t=${clock(record.t)} p50 ${record.p50.toFixed(1)} / p95 ${record.p95.toFixed(1)} ms · ` +
          `${record.rate.toFixed(1)} req/s · RSS ${record.rss.map((r) => r.toFixed(0)).join(' / ')} MiB` +
          ` · machine busy ${record.busy.toFixed(2)} cores` +
          (record.failed ? ` · ${record.failed} failed` : ''),
      );
    }
    finished = true;
    gens = await generating;
    balancerFailed = topology.balancer.failed();
    if (members.some((m) => m.starts !== 1 || !m.running))
      throw new Error('a server or the worker exited during the soak');
  } finally {
    http.close();
  }
} finally {
  await bench.stop();
}

const third = Math.max(1, Math.floor(windows.length / 3));
const first = windows.slice(0, third);
const last = windows.slice(-third);
const growth = (pick: (w: Window) => number) => median(last.map(pick)) / median(first.map(pick)) - 1;
const signed = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`;
const names = ['server 1', 'server 2', 'worker'];
const rssGrowth = names.map((_, k) => growth((w) => w.rss[k]!));
const p95Growth = growth((w) => w.p95);
const rssOk = rssGrowth.every((g) => g <= RSS_GROWTH);
const p95Ok = p95Growth <= P95_GROWTH;
// Other runs on a shared machine move latency far more than anything here: a comparison of thirds that
// ran under very different outside load says so rather than call the difference growth or its absence.
const busyOf = (part: Window[]) => median(part.map((w) => w.busy));
const confounded = Math.abs(busyOf(last) - busyOf(first)) > OUTSIDE_LOAD_CORES;
const caveat = confounded
  ? ` ⚠ the thirds ran under different load on the machine (busy ${busyOf(first).toFixed(1)} → ` +
    `${busyOf(last).toFixed(1)} of ${CORES} cores, other runs included): confounded`
  : '';
const range = (values: number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
const total = (pick: (w: Window) => number) => windows.reduce((sum, w) => sum + pick(w), 0);
const every = Math.ceil(windows.length / TABLE_ROWS);
const mib = (k: number, part: Window[]) => median(part.map((w) => w.rss[k]!)).toFixed(0);

report({
  name: 'Soak: steady mixed load on 2 servers and 1 worker',
  rows: [
    {
      metric: `memory growth, first third → last third, median RSS (growth = over +${RSS_GROWTH * 100} %)`,
      value:
        `${rssOk ? 'none' : 'GROWTH'}: ` +
        names
          .map((name, k) => `${name} ${mib(k, first)} → ${mib(k, last)} MiB (${signed(rssGrowth[k]!)})`)
          .join(' · ') +
        caveat,
    },
    {
      metric: `latency growth, first third → last third, median of window p95 (growth = over +${P95_GROWTH * 100} %)`,
      value:
        `${p95Ok ? 'none' : 'GROWTH'}: ${median(first.map((w) => w.p95)).toFixed(1)} → ` +
        `${median(last.map((w) => w.p95)).toFixed(1)} ms (${signed(p95Growth)}); window p95s ranged ` +
        `${range(windows.map((w) => w.p95))} ms${caveat}`,
    },
    {
      metric: `load: ${CLIENTS} paced clients, one request a second each`,
      value:
        `${(total((w) => w.rate) / windows.length).toFixed(1)} req/s answered (75 % reads, 25 % likes, ` +
        `unlikes and comments) · ${total((w) => w.failed)} failed · ${total((w) => w.waited)} waited · ` +
        `${balancerFailed} refused by the balancer`,
    },
    {
      metric: `image generations, one every ${GENERATION_EVERY_S} s (order to signed image)`,
      value: gens.seconds.length
        ? `${gens.seconds.length} succeeded, ${gens.failed} failed · p50 ${median(gens.seconds).toFixed(1)} s, ` +
          `max ${Math.max(...gens.seconds).toFixed(1)} s`
        : `none succeeded, ${gens.failed} failed`,
    },
    ...windows
      .filter((_, i) => (i + 1) % every === 0 || i === windows.length - 1)
      .map((w) => ({
        metric: `t=${clock(w.t)}`,
        value:
          `p95 ${w.p95.toFixed(1)} ms (p50 ${w.p50.toFixed(1)}) · RSS ` +
          names.map((name, k) => `${name} ${w.rss[k]!.toFixed(0)}`).join(' / ') +
          ` MiB · machine busy ${w.busy.toFixed(1)} of ${CORES} cores`,
      })),
  ],
  notes: [
    `- ${MINUTES} min (${windows.length} windows of ${WINDOW_S} s). Topology (scripts/topology/): the production build as 2 server processes and 1 worker process, ` +
      `round robin behind the balancer, on PostgreSQL (fsync on), RabbitMQ and versitygw (S3); API rate ` +
      `limit out of the way, the comment limit as configured by default (each client comments every 20 s).`,
    `- Load: the community benchmark's data (10,000 users, 100,000 public images) and its paced clients ` +
      `(community-paced.ts: one request a second each at a random moment of the second, latency from the ` +
      `send or from when a request fell due behind a slow answer), each with its own session and ` +
      `keep-alive connection; of every 20 requests, 15 reads of the five community kinds in turn, 2 likes, ` +
      `2 unlikes and 1 comment. A buyer orders an image in a style trained at the start, every ` +
      `${GENERATION_EVERY_S} s, which the worker renders and signs. A ${WARMUP_S} s warm-up at the same ` +
      `load is not recorded.`,
    `- Every ${WINDOW_S} s: that window's p50 and p95, each process's VmRSS from /proc/<pid>/status, and ` +
      `how many cores the whole machine was busy (/proc/stat: this benchmark and whatever else runs). ` +
      `Verdict: the median over the last third of the windows against the first third (${third} windows ` +
      `each); growth above +${RSS_GROWTH * 100} % RSS or +${P95_GROWTH * 100} % p95 counts as growth, ` +
      `below is within the noise of a shared machine. Where the machine's busy cores (median) differ by ` +
      `more than ${OUTSIDE_LOAD_CORES} between the thirds, the verdicts are marked confounded.` +
      (every > 1 ? ` The table shows every ${every}th window.` : ''),
  ].join('\n'),
});
