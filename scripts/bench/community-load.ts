/**
 * The community benchmark's HTTP side: the server process it loads (server/bench/api-server.ts, the
 * product's buildApp in production configuration, also the API throughput benchmark's), browser-like
 * tRPC GETs with a session each, and autocannon rounds that give latency percentiles, throughput and
 * the server's CPU time per answer.
 */
import autocannon from 'autocannon';
import type { FeedPage } from '@style-license/shared';
import { SESSION_COOKIE } from '../../server/src/domains/auth/credentials';
import { CSRF_HEADER } from '../../server/src/trpc/middlewares/csrf';
import { percentile } from '../bench-report';
import type { BenchServer } from '../../server/bench/api-server-process';
import type { BenchClient } from './community-seed';

export {
  productionEnv,
  RATE_LIMIT,
  startBenchServer as startServer,
  type BenchServer,
} from '../../server/bench/api-server-process';

/** What a browser on the product's origin sends with a signed-in query. */
export const browserHeaders = (client: BenchClient, origin: string) => ({
  cookie: `${SESSION_COOKIE}=${client.token}`,
  origin,
  [CSRF_HEADER]: '1',
});

/** The tRPC GET path of one query. */
export const trpcPath = (procedure: string, input: unknown) =>
  `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

export async function callTrpc(base: string, path: string, headers: Record<string, string>) {
  const response = await fetch(base + path, { headers });
  const body = (await response.json()) as { result?: { data: unknown } };
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body.result?.data;
}

/** The feed's cursor for page `page`, from a walk down from the top as a reader scrolling would take. */
export async function cursorOfPage(
  base: string,
  headers: Record<string, string>,
  { page, limit }: { page: number; limit: number },
): Promise<string> {
  let cursor: string | undefined;
  for (let n = 1; n < page; n++) {
    const input = { limit, ...(cursor ? { cursor } : {}) };
    const data = (await callTrpc(base, trpcPath('gallery.feed', input), headers)) as FeedPage;
    if (!data.nextCursor) throw new Error(`the feed ended at page ${n}`);
    cursor = data.nextCursor;
  }
  if (!cursor) throw new Error('page must be 2 or more');
  return cursor;
}

export interface Round {
  p50: number;
  p95: number;
  p99: number;
  /** 2xx answers per second. */
  rate: number;
  /** Server CPU ms per answered request. */
  cpuPerRequest: number;
  /** Non-2xx answers and errors. */
  failed: number;
}

/**
 * `connections` keep-alive clients for `seconds`, client c (of `clients`, in turn) sending the paths
 * `pathsOf(c)` over and over with its own headers.
 */
export async function loadRound(
  server: BenchServer,
  options: {
    connections: number;
    seconds: number;
    clients: number;
    pathsOf(c: number): string[];
    headersOf(c: number): Record<string, string>;
    /** Client c's requests when not all are GETs of pathsOf (the scale-out benchmark's likes). */
    requestsOf?(c: number): autocannon.Request[];
  },
): Promise<Round> {
  const cpuBefore = await server.cpuMs();
  const latencies: number[] = [];
  let next = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [{ method: 'GET', path: options.pathsOf(0)[0]! }],
        setupClient: (client) => {
          const c = next++ % options.clients;
          const headers = options.headersOf(c);
          client.setRequests(
            options.requestsOf?.(c) ??
              options.pathsOf(c).map((path) => ({ method: 'GET' as const, path, headers })),
          );
        },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const answered = latencies.length + result.non2xx;
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rate: latencies.length / result.duration,
    cpuPerRequest: ((await server.cpuMs()) - cpuBefore) / answered,
    failed: result.non2xx + result.errors,
  };
}
