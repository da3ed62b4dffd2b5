/**
 * Paced clients for the community benchmark: N people browsing, each sending one request a second,
 * rather than closed loops that send the next request the moment an answer arrives (which measure
 * capacity). Hand-written rather than autocannon's `connectionRate`, because autocannon 9 (a) releases
 * every connection's request for the second on one shared 1 s tick, so N requests land at once; (b)
 * sends a request that fell due while the connection still waited for an answer only after that answer,
 * timed from then, which hides the queueing (coordinated omission); and (c) corrects its histogram with
 * an expected interval of ⌈1 / rate⌉ = 1 ms, not 1,000 ms.
 */
import { Agent, request } from 'node:http';
import { percentile } from '../bench-report';
import type { BenchServer, Round } from './community-load';

/** A small seeded generator (mulberry32), so every run draws the same send times. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PacedSamples {
  /** ms of each successful request, from its send (or from when it fell due, if it had to wait). */
  latencies: number[];
  failed: number;
  /** Requests that fell due while their client still waited for its previous answer. */
  waited: number;
  /** p95 of how late the load generator sent on-time requests (timer and event-loop slack), ms. */
  sendLag: number;
  /** From the first due time to the last answer (at least `seconds`), s. */
  elapsed: number;
}

/**
 * `clients` loops for `seconds`: client c sends its i-th request at a random moment of second i (so
 * arrivals from all clients are spread over each second), one at a time as on one HTTP/1.1 connection.
 * A request due while the previous one is out is sent when that answers and timed from when it was
 * due, so queueing is counted; one sent on time is timed from its send, so timer slack in this process
 * is not charged to the server.
 */
export async function pacedLoops(options: {
  clients: number;
  seconds: number;
  seed: number;
  send(c: number, i: number): Promise<boolean>;
}): Promise<PacedSamples> {
  const latencies: number[] = [];
  const lags: number[] = [];
  let failed = 0;
  let waited = 0;
  let lastAnswer = 0;
  const start = performance.now() + 20;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, c) => {
      const draw = random(options.seed * 100_003 + c);
      for (let i = 0; i < options.seconds; i++) {
        const due = start + (i + draw()) * 1000;
        const late = performance.now() > due;
        if (late) waited++;
        else await sleep(due - performance.now());
        const sent = performance.now();
        if (!late) lags.push(sent - due);
        const ok = await options.send(c, i);
        lastAnswer = performance.now();
        if (ok) latencies.push(lastAnswer - (late ? due : sent));
        else failed++;
      }
    }),
  );
  return {
    latencies,
    failed,
    waited,
    sendLag: lags.length ? percentile(lags, 95) : 0,
    elapsed: Math.max(options.seconds, (lastAnswer - start) / 1000),
  };
}

/** One keep-alive connection per client, as a browser tab holds one to the API. */
export function httpClients(base: string, count: number) {
  const agents = Array.from({ length: count }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
  /** GETs `path` as client c and reads the whole answer; whether it was 2xx. */
  const get = (c: number, path: string, headers: Record<string, string>) =>
    new Promise<boolean>((resolve) => {
      const sent = request(base + path, { agent: agents[c], headers, timeout: 10_000 }, (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        response.once('end', () => resolve(status >= 200 && status < 300));
        response.once('error', () => resolve(false));
      });
      sent.once('timeout', () => sent.destroy(new Error('timed out')));
      sent.once('error', () => resolve(false));
      sent.end();
    });
  return { get, close: () => agents.forEach((agent) => agent.destroy()) };
}

/**
 * One paced round over HTTP: client c sends `pathsOf(c)` in turn with `headersOf(c)`; the figures of
 * Round plus how many requests had to wait for their client's previous answer.
 */
export async function pacedRound(
  server: BenchServer,
  http: ReturnType<typeof httpClients>,
  options: {
    clients: number;
    seconds: number;
    seed: number;
    pathsOf(c: number): string[];
    headersOf(c: number): Record<string, string>;
  },
): Promise<Round & { waited: number; sendLag: number }> {
  const cpuBefore = await server.cpuMs();
  const samples = await pacedLoops({
    ...options,
    send: (c, i) => {
      const paths = options.pathsOf(c);
      return http.get(c, paths[i % paths.length]!, options.headersOf(c));
    },
  });
  const answered = samples.latencies.length + samples.failed;
  return {
    p50: percentile(samples.latencies, 50),
    p95: percentile(samples.latencies, 95),
    p99: percentile(samples.latencies, 99),
    rate: samples.latencies.length / samples.elapsed,
    cpuPerRequest: ((await server.cpuMs()) - cpuBefore) / answered,
    failed: samples.failed,
    waited: samples.waited,
    sendLag: samples.sendLag,
  };
}
