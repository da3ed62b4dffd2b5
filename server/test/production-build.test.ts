/**
 * The production build (scripts/build.mjs): its bundles import only production dependencies, and the
 * built migrate, server and worker run as an operator runs them (plain `node`, no tsx), start on real
 * services and stop on SIGTERM with exit code 0.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { writeCredentialAuthority } from '@style-license/platform/content-credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@style-license/db/testing';
import { freePort, realServicesEnv, waitFor } from './support';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<
    string,
    { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; external?: boolean }[] }
  >;
}

const packageJson = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; null for Node's own modules. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** What one entry's bundle reaches (it and the chunks it imports): workspace folders and external packages. */
function reach(meta: Metafile, entryPoint: string) {
  const start = Object.keys(meta.outputs).find((key) => meta.outputs[key]!.entryPoint === entryPoint);
  if (!start) throw new Error(`no bundle for ${entryPoint}`);
  const seen = new Set<string>();
  const workspaces = new Set<string>();
  const packages = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const output = meta.outputs[key]!;
    for (const input of Object.keys(output.inputs)) workspaces.add(input.split('/')[0]!);
    for (const imported of output.imports) {
      // A bundled import names another output (a shared or lazily loaded chunk): followed.
      if (!imported.external) visit(imported.path);
      else if (packageOf(imported.path)) packages.add(packageOf(imported.path)!);
    }
  };
  visit(start);
  return { workspaces, packages };
}

/** A built process; `output()` has what it wrote so far, `exit` its exit code. */
function run(file: string, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', file], {
    cwd: tmpdir(), // nothing may depend on being started from the repository
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, output: () => output };
}

describe('the production build', () => {
  let dist: string;
  let meta: Metafile;
  let database: TestDatabase;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'sl-dist-'));
    // Deployed as dist/ beside the production node_modules: here the repository's, reached by a link.
    symlinkSync(join(ROOT, 'node_modules'), join(dist, 'node_modules'), 'dir');
    const built = spawnSync(
      process.execPath,
      ['scripts/build.mjs', '--outdir', dist, '--skip-web', '--metafile', join(dist, 'meta.json')],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(built.status, built.stderr).toBe(0);
    meta = JSON.parse(readFileSync(join(dist, 'meta.json'), 'utf8')) as Metafile;
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await database?.dispose();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it.each([
    ['server', 'server/src/main.ts', ['server', 'db', 'platform', 'shared']],
    ['worker', 'gpu-worker/src/main.ts', ['gpu-worker', 'platform', 'shared']],
    ['migrate', 'server/src/migrate-main.ts', ['server', 'db', 'platform']],
  ])('%s imports only production dependencies of the packages it bundles', (_name, entry, expected) => {
    const { workspaces, packages } = reach(meta, entry);
    expect([...workspaces]).toEqual(expect.arrayContaining(expected));
    expect(workspaces.has('web') || workspaces.has('desktop')).toBe(false);
    // The root's `dependencies` too (it has none today: everything there is a development tool).
    const allowed = new Set(
      ['.', ...workspaces].flatMap((dir) => Object.keys(packageJson(dir).dependencies ?? {})),
    );
    const missing = [...packages].filter((name) => !allowed.has(name));
    expect(missing, `imported but not a production dependency of ${[...workspaces].join(', ')}`).toEqual([]);
    for (const tool of ['tsx', 'vitest', 'drizzle-kit', 'esbuild', 'typescript']) {
      expect(packages.has(tool), tool).toBe(false);
    }
  });

  it('copies the files the bundles read at run time beside them', () => {
    expect(readFileSync(join(dist, 'migrations/meta/_journal.json'), 'utf8')).toContain('0000_init');
    expect(readFileSync(join(dist, 'python/src/style_lora/__init__.py'), 'utf8')).toBeDefined();
    // …and the bundles look for them there (the sources' relative paths, also in the bundle as the
    // branch not taken, would name /python/src at the root of the machine from dist/).
    const code = readdirSync(dist)
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => readFileSync(join(dist, file), 'utf8'))
      .join('\n');
    expect(code).toContain('"./python/src"');
    expect(code).toContain('"./migrations"');
    // The development content credentials, which only the development defaults name.
    expect(readFileSync(join(dist, 'content-credentials-development/chain.pem'), 'utf8')).toContain(
      'CERTIFICATE',
    );
    expect(code).toContain('./content-credentials-development/');
  });

  it('runs migrate, then a server that refused the unmigrated database, then a worker; each stops on SIGTERM', async () => {
    const services = realServicesEnv();
    const port = await freePort();
    const production = {
      ...services,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(port),
      MIGRATE_ON_START: 'false',
      // The worker's probe and metrics listener: any free port, as test files run side by side.
      WORKER_HTTP_PORT: '0',
      // Production refuses the development sign-in and checkout: real-looking settings (never called here).
      GOOGLE_CLIENT_ID: 'client-id',
      GOOGLE_CLIENT_SECRET: 'client-secret',
      STRIPE_SECRET_KEY: 'sk_test_unused',
      STRIPE_WEBHOOK_SECRET: 'whsec_unused',
      STORAGE_SIGNING_SECRET: 'a-production-secret-for-this-test',
      LICENSE_MARK_KEY: 'a-production-license-mark-key-for-this-test',
      // Production refuses the development signer: an authority of its own, as an operator makes one.
      ...(
        await writeCredentialAuthority(join(mkdtempSync(join(tmpdir(), 'sl-')), 'credentials'), {
          organization: 'Production Build Test',
        })
      ).config,
    };

    // The schema lags: a server told not to migrate refuses to start, naming the setting (exit 78).
    const early = run(join(dist, 'server.mjs'), production);
    children.push(early.child);
    expect(await early.exit, early.output()).toBe(78);
    expect(early.output()).toMatch(/MIGRATE_ON_START: is false and \d+ migration\(s\) are pending/);

    const misconfigured = run(join(dist, 'migrate.mjs'), { ...production, DATABASE_URL: 'mysql://db/x' });
    children.push(misconfigured.child);
    expect(await misconfigured.exit).toBe(78);
    expect(misconfigured.output()).toContain('DATABASE_URL: must start with postgres://');

    const migrate = run(join(dist, 'migrate.mjs'), production);
    children.push(migrate.child);
    expect(await migrate.exit, migrate.output()).toBe(0);
    expect(migrate.output()).toContain('"migrations applied"');

    const server = run(join(dist, 'server.mjs'), production);
    children.push(server.child);
    await waitFor(
      () => {
        if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
        return server.output().includes('"server listening"');
      },
      30_000,
      'the built server to listen',
    );
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    // Verifying a file reads its license mark on a worker thread, whose entry is a bundle of its own
    // (dist/license-mark-reader.mjs): a thread that cannot start would answer 500, not "no match".
    const picture = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#68a' } })
      .png()
      .toBuffer();
    const verified = await fetch(`http://127.0.0.1:${port}/trpc/licenses.verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-style-license-csrf': '1' },
      body: JSON.stringify({ fileBase64: picture.toString('base64') }),
    });
    expect(verified.status).toBe(200);
    expect(((await verified.json()) as { result: { data: unknown } }).result.data).toMatchObject({
      genuine: false,
    });
    if (existsSync(join(dist, 'web/index.html'))) {
      // The web client `npm test` built was copied to dist/web, where the built server looks by default.
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    }

    const worker = run(join(dist, 'worker.mjs'), production);
    children.push(worker.child);
    await waitFor(
      () => {
        if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
        return worker.output().includes('"worker consuming"');
      },
      30_000,
      'the built worker to consume',
    );

    worker.child.kill('SIGTERM');
    server.child.kill('SIGTERM');
    expect(await worker.exit, worker.output()).toBe(0);
    expect(await server.exit, server.output()).toBe(0);
  }, 90_000);
});
