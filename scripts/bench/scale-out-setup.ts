/**
 * The scale-out and soak benchmarks' common ground: the community benchmark's data (community-seed.ts)
 * in a database of its own, an S3-compatible store (bench.mjs starts PostgreSQL and RabbitMQ, not S3;
 * scripts/services/s3.mjs starts a throwaway versitygw unless S3_ENDPOINT answers), the production
 * build run as separate server and worker processes behind the topology's round-robin balancer
 * (scripts/topology/), and the community benchmark's five request kinds aimed at that balancer, checked
 * once so a broken procedure cannot look fast.
 */
import { tmpdir } from 'node:os';
import pg from 'pg';
import type autocannon from 'autocannon';
import { createTestDatabase } from '@style-license/db/testing';
import { createLocalStorage } from '@style-license/platform/storage';
import { buildProduct, startTopology, type S3Settings, type Topology } from '../topology/topology';
import { RATE_LIMIT, browserHeaders, callTrpc, cursorOfPage } from './community-load';
import { FEED_PAGE, IMAGES_PER_CLIENT, PAGE_DEEP, requestKinds, type Kind } from './community-kinds';
import { seedCommunity, type BenchClient } from './community-seed';

type Log = (message: string) => void;
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { startS3 } = (await import(new URL('../services/s3.mjs', import.meta.url).href)) as {
  startS3(options: { log?: Log }): Promise<S3Settings & { stop(): Promise<void> }>;
};

export interface BenchTopology {
  topology: Topology;
  /** A connection of the benchmark's own to the database (for /proc: which backends are ours). */
  admin: pg.Client;
  clients: BenchClient[];
  kinds: Kind[];
  /** What a browser on the balancer's origin sends for client c; with a JSON body for mutations. */
  headersOf(c: number): Record<string, string>;
  /** The i-th public image client c views and likes (the same as the image kind's). */
  imageOf(c: number, i: number): string;
  seedSeconds: number;
  stop(): Promise<void>;
}

export async function startBenchTopology(options: {
  servers: number;
  workers: number;
  /** Users given a web session, one per load client. */
  clients: number;
  env?: Record<string, string>;
  log: Log;
}): Promise<BenchTopology> {
  const { log } = options;
  const amqpUrl = process.env.TEST_AMQP_URL;
  if (!amqpUrl) throw new Error('TEST_AMQP_URL is not set: run this through `npm run bench`');
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => log(`cleanup: ${e}`));
  };
  try {
    const s3 = await startS3({ log });
    cleanups.push(() => s3.stop());
    const database = await createTestDatabase();
    cleanups.push(() => database.dispose());
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    cleanups.push(() => admin.end());
    const seed = await seedCommunity(admin, database.db, options.clients);
    log(`seeded in ${seed.seconds.toFixed(0)} s`);
    const built = buildProduct();
    cleanups.push(async () => built.remove());
    const topology = await startTopology({
      servers: options.servers,
      workers: options.workers,
      databaseUrl: database.url,
      amqpUrl,
      s3,
      dist: built.dist,
      // Every call counted, none refused: the limits are not what is measured.
      env: { API_RATE_LIMIT: String(RATE_LIMIT), ...options.env },
      log,
    });
    cleanups.push(() => topology.stop());

    const headersOf = (c: number) => browserHeaders(seed.clients[c]!, topology.url);
    const deepCursor = await cursorOfPage(topology.url, headersOf(0), { page: PAGE_DEEP, limit: FEED_PAGE });
    const followed = await admin.query<{ id: string }>(
      'SELECT followee_id AS id FROM follows WHERE follower_id = $1',
      [seed.clients[0]!.userId],
    );
    const kinds = requestKinds({
      clients: seed.clients,
      sampleImageIds: seed.sampleImageIds,
      // Only the kinds' service calls presign through it, and those are not used here.
      storage: createLocalStorage({
        dir: tmpdir(),
        publicBaseUrl: topology.url,
        signingSecret: 'unused-by-this-benchmark',
      }),
      deepCursor,
      followedByFirst: new Set(followed.rows.map((r) => r.id)),
    });
    for (const kind of kinds) {
      const data = await callTrpc(topology.url, kind.paths(0)[0]!, headersOf(0));
      if (!kind.looksRight(data))
        throw new Error(`${kind.name}: unexpected answer ${JSON.stringify(data).slice(0, 300)}`);
    }
    const ids = seed.sampleImageIds;
    return {
      topology,
      admin,
      clients: seed.clients,
      kinds,
      headersOf,
      imageOf: (c, i) => ids[(c * IMAGES_PER_CLIENT + i) % ids.length]!,
      seedSeconds: seed.seconds,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A tRPC mutation as autocannon sends it: POST, JSON body, the browser's headers. */
export function mutation(
  path: string,
  input: unknown,
  headers: Record<string, string>,
): autocannon.Request & { method: 'POST' } {
  return {
    method: 'POST',
    path: `/trpc/${path}`,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  };
}

/** "m:ss" for an offset in seconds. */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
