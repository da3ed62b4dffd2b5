/**
 * compose.yaml's variables, interpolated with deploy/compose.env.example as compose would (its empty
 * values filled in, as an operator must; see deploy-support.ts): each process gets only settings its
 * config schema reads, and the real config loaders accept its whole environment (image ENV + compose)
 * under production's rules; the processes agree on what they share and point at the services compose
 * runs; the example asks for every value compose cannot default.
 */
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '@style-license/gpu-worker';
import { ConfigError, loadConfig } from '@style-license/platform/config';
import { loadServerConfig } from '@style-license/server';
import { interpolate } from './deploy-compose-interpolation';
import { instructions, stageEnv } from './deploy-dockerfile-parser';
import {
  SETTINGS,
  app,
  appServices,
  bucketScript,
  cmdOf,
  dockerfiles,
  example,
  finalStage,
  infra,
  interpolated,
  migrateShape,
  processOf,
  rawCompose,
  read,
} from './deploy-support';

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

describe('compose.yaml: the variables each process gets', () => {
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
    const shared = [
      'STORAGE_SIGNING_SECRET',
      'LICENSE_MARK_KEY',
      'AMQP_URL',
      'QUEUE_NAMESPACE',
      'QUEUE_MAX_DELIVERIES',
    ];
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

  it('asks for every value it cannot default in deploy/compose.env.example, which names nothing else', () => {
    for (const name of interpolated.required) expect(Object.keys(example), name).toContain(name);
    for (const name of Object.keys(example)) expect([...interpolated.used], name).toContain(name);
    // Interpolating without the operator's values fails, as `docker compose up` would.
    expect(() => interpolate(rawCompose, example)).toThrow(/required variable/);
    expect(read('deploy/.gitignore')).toMatch(/^compose\.env$/m);
  });
});
