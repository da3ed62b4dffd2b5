/**
 * The product scaled out on one machine: N server processes and M worker processes of the production
 * build, each its own OS process, on one PostgreSQL, one RabbitMQ and one S3-compatible store, behind a
 * round-robin balancer, with one stand-in for Google that every server signs in through. Nothing is
 * shared between the processes but those services, so whatever works here works across machines:
 * sessions, rate limits, notifications and jobs must not depend on which server a request lands on.
 *
 * `npm run topology` runs it for people (scripts/topology/main.ts); the scale-out test and the fault
 * suite (scripts/faults/) drive it, killing and restarting its processes.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '@style-license/db';
import { startBalancer, type Balancer } from './balancer';
import { startIdentityProvider, type IdentityProvider } from './identity-provider';
import { ProductProcess } from './process';

interface Net {
  freePort(): Promise<number>;
}
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { freePort } = (await import(new URL('../services/net.mjs', import.meta.url).href)) as Net;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface TopologyOptions {
  servers: number;
  workers: number;
  databaseUrl: string;
  amqpUrl: string;
  s3: S3Settings;
  /** Added to every server's and worker's settings, after the topology's own (so it can override them). */
  env?: Record<string, string>;
  /** A production build to run; built into a temporary folder when not given. */
  dist?: string;
  log?: (message: string) => void;
}

export interface Topology {
  /** Where users reach the product: the balancer. */
  url: string;
  servers: ProductProcess[];
  workers: ProductProcess[];
  balancer: Balancer;
  identity: IdentityProvider;
  /** The database every server uses, opened for checks. */
  db: Db;
  /** The prefix of this topology's queues on the broker (QUEUE_NAMESPACE). */
  namespace: string;
  /** kill -9, then start the same process again on the same port. */
  crashAndRestart(process: ProductProcess, downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the server, worker and migrate bundles (not the web client) into a temporary folder. */
export function buildProduct(): { dist: string; remove: () => void } {
  const dist = mkdtempSync(join(tmpdir(), 'sl-topology-'));
  // Deployed beside the production node_modules: here the repository's, reached by a link.
  symlinkSync(join(ROOT, 'node_modules'), join(dist, 'node_modules'), 'dir');
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', dist, '--skip-web'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (built.status !== 0) throw new Error(`the production build failed:\n${built.stderr}`);
  return { dist, remove: () => rmSync(dist, { recursive: true, force: true }) };
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const log = options.log ?? (() => {});
  const built = options.dist ? null : buildProduct();
  const dist = options.dist ?? built!.dist;
  const cleanups: Array<() => Promise<void> | void> = [() => built?.remove()];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const balancer = await startBalancer([]);
    cleanups.push(() => balancer.close());
    const identity = await startIdentityProvider(balancer.url);
    cleanups.push(() => identity.close());
    const { common, serverOnly } = settings(options, balancer.url);

    log('topology: migrating the database');
    const migrate = spawnSync(process.execPath, [join(dist, 'migrate.mjs')], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', ...common, ...serverOnly },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (migrate.status !== 0)
      throw new Error(`migrate failed (${migrate.status}):\n${migrate.stderr}${migrate.stdout}`);

    const servers: ProductProcess[] = [];
    for (let i = 1; i <= options.servers; i++) {
      const port = await freePort();
      const env = { ...common, ...serverOnly, ...identity.serverEnv, PORT: String(port), ...options.env };
      servers.push(
        new ProductProcess({
          name: `server ${i}`,
          file: join(dist, 'server.mjs'),
          env,
          readyMessage: 'server listening',
        }),
      );
    }
    const workers: ProductProcess[] = [];
    for (let i = 1; i <= options.workers; i++) {
      // Each worker its own probe and metrics port, as each would have on its own machine.
      const env = { ...common, WORKER_HTTP_PORT: String(await freePort()), ...options.env };
      workers.push(
        new ProductProcess({
          name: `worker ${i}`,
          file: join(dist, 'worker.mjs'),
          env,
          readyMessage: 'worker consuming',
        }),
      );
    }
    for (const member of [...servers, ...workers]) cleanups.push(() => member.stop().then(() => {}));
    // Started side by side: the two-core machines this runs on spend most of a start parsing bundles.
    await Promise.all([...servers, ...workers].map((member) => member.start()));
    balancer.setUpstreams(
      servers.map((server) => ({ name: server.name, port: Number(server.spec.env.PORT) })),
    );
    log(`topology: ${servers.length} servers and ${workers.length} workers behind ${balancer.url}`);

    const database = await openDatabase(options.databaseUrl, { poolMax: 4 });
    cleanups.push(() => database.close());
    return {
      url: balancer.url,
      servers,
      workers,
      balancer,
      identity,
      db: database.db,
      namespace: common.QUEUE_NAMESPACE!,
      crashAndRestart: async (member, downMs = 0) => {
        await member.kill();
        await new Promise((resolve) => setTimeout(resolve, downMs));
        await member.start();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What every server and worker of one topology share, and what only servers get; secrets made up per run. */
function settings(options: TopologyOptions, publicUrl: string) {
  const { s3 } = options;
  const common: Record<string, string> = {
    // The development checkout stands in for Stripe (refused in production); everything else is as deployed.
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PUBLIC_URL: publicUrl,
    AMQP_URL: options.amqpUrl,
    // Its own queues on a broker that may be shared with other runs.
    QUEUE_NAMESPACE: `topo${randomUUID().slice(0, 8)}.`,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    ...(s3.accessKeyId ? { S3_ACCESS_KEY_ID: s3.accessKeyId } : {}),
    ...(s3.secretAccessKey ? { S3_SECRET_ACCESS_KEY: s3.secretAccessKey } : {}),
    // Signs upload tokens one server issues and another checks: one secret for all of them.
    STORAGE_SIGNING_SECRET: randomBytes(24).toString('hex'),
    // Workers mark images with it and servers read the marks: one key for all of them.
    LICENSE_MARK_KEY: randomBytes(24).toString('hex'),
    WORKER_ENGINES: 'quilt',
  };
  const serverOnly: Record<string, string> = {
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    MIGRATE_ON_START: 'false',
    DEV_CHECKOUT_SECRET: randomBytes(24).toString('hex'),
    TRUST_PROXY: '127.0.0.1',
    WEB_DIST_DIR: existsSync(join(ROOT, 'web/dist/index.html')) ? join(ROOT, 'web/dist') : 'none',
  };
  return { common, serverOnly };
}
