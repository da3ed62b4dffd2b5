/**
 * The fault suite: the product scaled out (2 servers, 2 workers) under a steady load of purchases,
 * generations, likes and comments, while one thing at a time is broken — a server killed with -9, a
 * worker killed with -9, RabbitMQ restarted, PostgreSQL stopped as by a crash (immediate shutdown, crash
 * recovery at the next start). Killed processes come back as a supervisor (compose's `restart:`, systemd)
 * would bring them back, and so does any process that exits by itself. Once the load stops and the
 * product has settled, the invariants (invariants.ts) are checked from the database and the store.
 *
 * `npm run test:faults` runs it long (scripts/faults/main.ts); `npm test` runs it short
 * (scripts/test/scale-out/faults.test.ts). Both print the counts.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { countDeadLetters } from '@style-license/platform/queue';
import { createObjectStorage } from '@style-license/platform/storage';
import { QUEUE_NAMES } from '@style-license/shared';
import { loadWorkerConfig } from '../../gpu-worker/src/config';
import { Browser } from '../../server/test/browser';
import { becomeArtist, buyTokens, generate, signIn, trainStyle } from '../journey';
import type { ProductProcess } from '../topology/process';
import { startTopology, type S3Settings, type Topology } from '../topology/topology';
import { buyer, call, Counts, fan, type ActorContext } from './actors';
import { checkInvariants, settle, type Report } from './invariants';

export const FAULTS = ['server', 'worker', 'rabbitmq', 'postgres'] as const;
export type Fault = (typeof FAULTS)[number];

export interface Restartable {
  restart(options?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
}

export interface FaultSuiteOptions {
  databaseUrl: string;
  amqpUrl: string;
  s3: S3Settings;
  /** The suite's own PostgreSQL and RabbitMQ, which it restarts (never shared ones). */
  postgres: Restartable;
  rabbit: Restartable;
  faults?: readonly Fault[];
  /** Times through the list of faults. */
  rounds?: number;
  /** Load before each fault, and after it while the product recovers. */
  calmMs?: number;
  /** How long a killed process or a stopped service stays down. */
  downMs?: number;
  buyers?: number;
  fans?: number;
  /** How long the product may make no progress towards settling before the check runs anyway. */
  settleMs?: number;
  log?: (message: string) => void;
}

export interface FaultSuiteResult extends Report {
  /** What the clients saw, by outcome (`generation:accepted`, `like:unavailable`, …). */
  clients: Record<string, number>;
  /** Faults injected, and processes a supervisor had to start again. */
  injected: string[];
  restartedBySupervisor: string[];
  /** Each server's share of the requests. */
  served: Record<string, number>;
  /** A folder with every server's and worker's log, for reading what happened. */
  logs: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFaultSuite(options: FaultSuiteOptions): Promise<FaultSuiteResult> {
  const log = options.log ?? (() => {});
  const { calmMs = 8_000, downMs = 2_000, rounds = 1, buyers = 3, fans = 2 } = options;
  const topology = await startTopology({
    servers: 2,
    workers: 2,
    databaseUrl: options.databaseUrl,
    amqpUrl: options.amqpUrl,
    s3: options.s3,
    // Limits that would only slow the load down; the scale-out test shows them working across servers.
    env: {
      GENERATION_RATE_LIMIT: '10000',
      COMMENT_RATE_LIMIT: '10000',
      API_RATE_LIMIT: '100000',
      SIGNIN_RATE_LIMIT: '1000',
    },
    log,
  });
  const supervisor = supervise(topology);
  const logs = mkdtempSync(join(tmpdir(), 'sl-faults-'));
  const stopLoad = { stopped: false };
  try {
    const ctx = await prepare(topology, stopLoad);
    log(`fault suite: ${buyers} buyers and ${fans} fans at work`);
    let address = 100;
    const person = (name: string) =>
      signIn(
        topology.url,
        { name, email: `${randomUUID()}@example.test` },
        new Browser(`127.0.1.${address++}`),
      );
    const actors = [
      ...(await Promise.all(Array.from({ length: buyers }, (_, i) => person(`Buyer ${i + 1}`)))).map((api) =>
        buyer(ctx, api.browser),
      ),
      ...(await Promise.all(Array.from({ length: fans }, (_, i) => person(`Fan ${i + 1}`)))).map((api, i) =>
        fan(ctx, api.browser, `Fan ${i + 1}`),
      ),
    ];
    const injected: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const fault of options.faults ?? FAULTS) {
        await sleep(calmMs);
        log(`fault suite: round ${round}: ${fault}`);
        injected.push(fault);
        await inject(fault, topology, options, supervisor, downMs);
      }
    }
    await sleep(calmMs);
    stopLoad.stopped = true;
    await Promise.all(actors);
    log('fault suite: load stopped; waiting for the product to settle');
    const settled = await settle(topology.db, options.settleMs ?? 60_000);
    log(`fault suite: settled (${JSON.stringify(settled)}); checking`);
    const report = await checkInvariants(topology.db, storageOf(options.s3));
    const accepted = [...ctx.accepted];
    const stored = (await topology.db.execute(sql`SELECT id FROM generations`)) as unknown as {
      rows: { id: string }[];
    };
    const known = new Set(stored.rows.map((g) => g.id));
    const missing = accepted.filter((id) => !known.has(id));
    if (missing.length > 0)
      report.violations.push(`${missing.length} accepted generations are not in the database`);
    report.counts['generations accepted by clients'] = accepted.length;
    // A job or result given up on (dead-lettered) would be a loss the rows above may not show yet.
    for (const queue of QUEUE_NAMES) {
      const dead = await countDeadLetters({ url: options.amqpUrl, namespace: topology.namespace, queue });
      if (dead > 0) report.violations.push(`${dead} messages dead-lettered from ${queue}`);
      report.counts['dead letters'] = (report.counts['dead letters'] ?? 0) + dead;
    }
    return {
      ...report,
      clients: ctx.counts.toJSON(),
      injected,
      restartedBySupervisor: supervisor.restarted,
      served: Object.fromEntries(topology.balancer.served),
      logs,
    };
  } finally {
    stopLoad.stopped = true;
    supervisor.stop();
    await topology.stop();
    for (const member of [...topology.servers, ...topology.workers]) {
      writeFileSync(join(logs, `${member.name.replace(' ', '-')}.log`), member.output());
    }
  }
}

/** An artist with a trained style and a few public images to like: the stage the load plays on. */
async function prepare(topology: Topology, stopLoad: { stopped: boolean }): Promise<ActorContext> {
  const base = topology.url;
  const artist = await signIn(
    base,
    { name: 'Fault Artist', email: `${randomUUID()}@example.test` },
    new Browser('127.0.1.1'),
  );
  await becomeArtist(artist);
  await buyTokens(base, artist, 'tokens_100');
  const priceTokens = 5;
  const styleId = await trainStyle(artist, `Weather ${randomUUID().slice(0, 6)}`, { priceTokens });
  const images: string[] = [];
  for (let i = 0; i < 3; i++) {
    const image = await generate(artist, styleId, { priceTokens, pollMs: 250 });
    const shared = await call(
      base,
      artist.browser,
      'gallery.update',
      { generationId: image.id, visibility: 'public' },
      true,
    );
    if (shared.outcome !== 'ok') throw new Error(`could not publish an image: ${JSON.stringify(shared)}`);
    images.push(image.id);
  }
  return {
    base,
    styleId,
    priceTokens,
    images,
    counts: new Counts(),
    accepted: new Set(),
    stopped: () => stopLoad.stopped,
  };
}

async function inject(
  fault: Fault,
  topology: Topology,
  options: FaultSuiteOptions,
  supervisor: ReturnType<typeof supervise>,
  downMs: number,
): Promise<void> {
  const crash = async (member: ProductProcess) => {
    supervisor.hold(member);
    try {
      await topology.crashAndRestart(member, downMs);
    } finally {
      supervisor.release(member);
    }
  };
  if (fault === 'server') return crash(topology.servers[0]!);
  if (fault === 'worker') return crash(topology.workers[0]!);
  if (fault === 'rabbitmq') return options.rabbit.restart({ downMs });
  return options.postgres.restart({ mode: 'immediate', downMs });
}

/** Starts again any process that is down and not being restarted by the suite itself. */
function supervise(topology: Topology) {
  const held = new Set<ProductProcess>();
  const restarted: string[] = [];
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const down = [...topology.servers, ...topology.workers].filter((m) => !m.running && !held.has(m));
    if (down.length === 0) return;
    busy = true;
    void Promise.all(
      down.map((member) => {
        restarted.push(member.name);
        return member.start().catch(() => undefined); // tried again at the next tick
      }),
    ).finally(() => (busy = false));
  }, 1_000);
  return {
    restarted,
    hold: (member: ProductProcess) => held.add(member),
    release: (member: ProductProcess) => held.delete(member),
    stop: () => {
      clearInterval(timer);
      for (const member of [...topology.servers, ...topology.workers]) held.add(member);
    },
  };
}

function storageOf(s3: S3Settings) {
  const config = loadWorkerConfig({
    NODE_ENV: 'test',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    ...(s3.accessKeyId ? { S3_ACCESS_KEY_ID: s3.accessKeyId } : {}),
    ...(s3.secretAccessKey ? { S3_SECRET_ACCESS_KEY: s3.secretAccessKey } : {}),
  });
  return createObjectStorage(config, { publicBaseUrl: config.PUBLIC_URL });
}

/** The report as lines for a terminal. */
export function formatResult(result: FaultSuiteResult): string {
  const table = (title: string, values: Record<string, number>) =>
    [title, ...Object.entries(values).map(([key, value]) => `  ${key.padEnd(34)} ${value}`)].join('\n');
  return [
    `faults injected: ${result.injected.join(', ')} (process logs in ${result.logs})`,
    `restarted by the supervisor: ${result.restartedBySupervisor.join(', ') || 'none'}`,
    table('requests per server:', result.served),
    table('what clients saw:', result.clients),
    table('what the database and the store hold:', result.counts),
    result.violations.length === 0
      ? 'invariants: all hold'
      : `INVARIANTS BROKEN (${result.violations.length}):\n  ${result.violations.slice(0, 50).join('\n  ')}`,
  ].join('\n');
}
