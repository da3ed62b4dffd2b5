import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@style-license/platform/config';
import { loadWorkerConfig, workerShape } from '@style-license/gpu-worker';
import { loadServerConfig, serverShape } from '../src/config';
import { productionKeys } from './production-keys';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The services a multi-host production deployment names instead of the embedded stand-ins. */
const stack = {
  DATABASE_URL: 'postgres://style@db.internal:5432/style',
  AMQP_URL: 'amqp://mq.internal:5672',
  S3_BUCKET: 'style-bucket',
};

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Keys of production's own (it refuses the development ones), and the same without the mark key. */
const keys = await productionKeys();
const { LICENSE_MARK_KEY: _markKey, ...credentials } = keys;

it('refuses the development content-credentials signer and CA in production, on servers and workers', () => {
  const { AMQP_URL, S3_BUCKET } = stack;
  const problems = problemsOf(() =>
    loadWorkerConfig({
      NODE_ENV: 'production',
      AMQP_URL,
      S3_BUCKET,
      LICENSE_MARK_KEY: keys.LICENSE_MARK_KEY!,
    }),
  );
  expect(problems).toEqual([
    expect.stringMatching(/^CONTENT_CREDENTIALS_KEY: the development signing key .* refused/),
    expect.stringMatching(/^CONTENT_CREDENTIALS_TRUST_ANCHOR: the development CA is refused/),
  ]);
  expect(loadWorkerConfig({ NODE_ENV: 'production', AMQP_URL, S3_BUCKET, ...keys }).AMQP_URL).toBe(AMQP_URL);
});

describe('configuration', () => {
  it('has a working default for every server variable (the embedded setup)', () => {
    const config = loadServerConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'pglite:.data/pglite',
      STORAGE_DIR: '.data/objects',
      PUBLIC_URL: 'http://127.0.0.1:3000',
    });
    expect(config.AMQP_URL).toBeUndefined();
    expect(loadWorkerConfig({}).WORKER_ENGINES).toEqual(['quilt']);
    expect(loadServerConfig({}).TRAINING_ENGINE).toBe('quilt');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['AMQP_URL', 'localhost:5672'],
    ['WEB_ORIGIN', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['TRUST_PROXY', 'true'],
  ])('names %s when it is malformed (%s)', (name, value) => {
    const problems = problemsOf(() => loadServerConfig({ [name]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(`^${name}: .*\\(got "${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\)$`),
    );
  });

  it('refuses production without Google credentials, so the development sign-in cannot be enabled there', () => {
    expect(problemsOf(() => loadServerConfig({ NODE_ENV: 'production' }))[0]).toMatch(/^GOOGLE_CLIENT_ID: /);
    // Half a Google configuration is refused everywhere rather than silently using the dev provider.
    expect(problemsOf(() => loadServerConfig({ GOOGLE_CLIENT_ID: 'id' }))[0]).toMatch(
      /^GOOGLE_CLIENT_SECRET: /,
    );
    const google = { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' };
    expect(
      problemsOf(() =>
        loadServerConfig({ NODE_ENV: 'production', ...google, OIDC_ISSUER: 'http://idp.example' }),
      )[0],
    ).toMatch(/^OIDC_ISSUER: /);
    const production = loadServerConfig({
      NODE_ENV: 'production',
      ...stack,
      GOOGLE_CLIENT_ID: 'id',
      GOOGLE_CLIENT_SECRET: 's',
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      STORAGE_SIGNING_SECRET: 'a-production-secret-of-our-own',
      ...keys,
    });
    expect(production.devIdentityProvider).toBe(false);
    expect(loadServerConfig({}).devIdentityProvider).toBe(true);
    expect(loadServerConfig({ GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' }).devIdentityProvider).toBe(
      false,
    );
  });

  it('names the worker variable that is malformed', () => {
    expect(problemsOf(() => loadWorkerConfig({ WORKER_ENGINES: 'quilt,dall-e' }))[0]).toMatch(
      /^WORKER_ENGINES: .*"diffusers-lora"/,
    );
    expect(problemsOf(() => loadWorkerConfig({ WORKER_ENGINES: ' , ' }))[0]).toMatch(/^WORKER_ENGINES: /);
    expect(problemsOf(() => loadServerConfig({ TRAINING_ENGINE: 'dall-e' }))[0]).toMatch(
      /^TRAINING_ENGINE: /,
    );
  });

  it('reads the engines a worker runs, and needs a base model for the diffusers engine', () => {
    expect(
      loadWorkerConfig({ WORKER_ENGINES: 'diffusers-lora, quilt,quilt', BASE_MODEL_PATH: '/m' })
        .WORKER_ENGINES,
    ).toEqual(['diffusers-lora', 'quilt']);
    expect(problemsOf(() => loadWorkerConfig({ WORKER_ENGINES: 'diffusers-lora' }))[0]).toMatch(
      /^BASE_MODEL_PATH: /,
    );
  });

  it('stops a real server process at startup with a message naming the bad variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'pglite:memory' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT: ');
    expect(result.stderr).toContain('(got "eighty")');
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('stops a standalone server that has no broker to send jobs through, naming AMQP_URL', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'pglite:memory' };
    delete env.AMQP_URL;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/AMQP_URL: must be set for a standalone server/);
  });

  it('stops a standalone worker that has no broker to take work from, naming AMQP_URL', () => {
    const env = { ...process.env };
    delete env.AMQP_URL;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'gpu-worker/src/main.ts'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/^AMQP_URL: /m);
  });
});

describe('payments configuration', () => {
  const google = { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' };
  const stripe = { STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' };

  it('refuses production without both Stripe keys, so the development checkout cannot be enabled there', () => {
    expect(problemsOf(() => loadServerConfig({ NODE_ENV: 'production', ...google }))[0]).toMatch(
      /^STRIPE_SECRET_KEY: /,
    );
    expect(
      problemsOf(() =>
        loadServerConfig({ NODE_ENV: 'production', ...google, STRIPE_SECRET_KEY: 'sk_live_x' }),
      )[0],
    ).toMatch(/^STRIPE_SECRET_KEY: /);
    const secret = {
      STORAGE_SIGNING_SECRET: 'a-production-secret-of-our-own',
      ...keys,
    };
    expect(
      loadServerConfig({ NODE_ENV: 'production', ...stack, ...google, ...stripe, ...secret }).devCheckout,
    ).toBe(false);
  });

  it('refuses the publicly known storage signing secret in production (it signs upload tokens)', () => {
    const problems = problemsOf(() =>
      loadServerConfig({
        NODE_ENV: 'production',
        ...stack,
        ...google,
        ...stripe,
        ...keys,
      }),
    );
    expect(problems).toEqual([expect.stringMatching(/^STORAGE_SIGNING_SECRET: /)]);
  });

  it('refuses production servers and workers without a license-mark key of their own (or a short one)', () => {
    const secret = { STORAGE_SIGNING_SECRET: 'a-production-secret-of-our-own', ...credentials };
    expect(
      problemsOf(() =>
        loadServerConfig({ NODE_ENV: 'production', ...stack, ...google, ...stripe, ...secret }),
      ),
    ).toEqual([expect.stringMatching(/^LICENSE_MARK_KEY: .*public default key is refused/)]);
    const { AMQP_URL, S3_BUCKET } = stack;
    expect(
      problemsOf(() => loadWorkerConfig({ NODE_ENV: 'production', AMQP_URL, S3_BUCKET, ...credentials })),
    ).toEqual([expect.stringMatching(/^LICENSE_MARK_KEY: /)]);
    expect(problemsOf(() => loadWorkerConfig({ LICENSE_MARK_KEY: 'too-short' }))).toEqual([
      expect.stringMatching(/^LICENSE_MARK_KEY: must be at least 32 characters/),
    ]);
  });

  it('uses the development checkout only when no Stripe key is set, and refuses half a Stripe setup', () => {
    expect(loadServerConfig({}).devCheckout).toBe(true);
    expect(loadServerConfig(stripe).devCheckout).toBe(false);
    expect(problemsOf(() => loadServerConfig({ STRIPE_SECRET_KEY: 'sk_test_x' }))[0]).toMatch(
      /^STRIPE_WEBHOOK_SECRET: /,
    );
    expect(problemsOf(() => loadServerConfig({ DEV_CHECKOUT_SECRET: 'short' }))[0]).toMatch(
      /^DEV_CHECKOUT_SECRET: /,
    );
  });
});

describe('production deployment', () => {
  const google = { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' };
  const rest = {
    ...google,
    STRIPE_SECRET_KEY: 'sk_live_x',
    STRIPE_WEBHOOK_SECRET: 'whsec_x',
    STORAGE_SIGNING_SECRET: 'a-production-secret-of-our-own',
    ...keys,
  };

  it('refuses PGlite, the in-process queue and the local object store in production, naming each variable', () => {
    const problems = problemsOf(() => loadServerConfig({ NODE_ENV: 'production', ...rest }));
    expect(problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: .*PGlite.*SINGLE_HOST=true/),
      expect.stringMatching(/^AMQP_URL: .*in-process queue.*SINGLE_HOST=true/),
      expect.stringMatching(/^S3_BUCKET: .*local object store.*SINGLE_HOST=true/),
    ]);
    // Each stand-in on its own is refused too: a real database does not excuse the in-process queue.
    expect(
      problemsOf(() => loadServerConfig({ NODE_ENV: 'production', ...rest, ...stack, AMQP_URL: '' })),
    ).toEqual([expect.stringMatching(/^AMQP_URL: /)]);
  });

  it('accepts the embedded stand-ins in production only when SINGLE_HOST=true says so', () => {
    const config = loadServerConfig({ NODE_ENV: 'production', ...rest, SINGLE_HOST: 'true' });
    expect(config).toMatchObject({ SINGLE_HOST: true, DATABASE_URL: 'pglite:.data/pglite' });
    expect(config.AMQP_URL).toBeUndefined();
    expect(loadServerConfig({ NODE_ENV: 'production', ...rest, ...stack }).SINGLE_HOST).toBe(false);
    expect(loadServerConfig({}).SINGLE_HOST).toBe(false); // development needs no such setting
    expect(problemsOf(() => loadServerConfig({ SINGLE_HOST: 'maybe' }))[0]).toMatch(/^SINGLE_HOST: /);
  });

  it('refuses a production worker the in-process queue and the local object store unless SINGLE_HOST=true', () => {
    const key = keys;
    expect(problemsOf(() => loadWorkerConfig({ NODE_ENV: 'production', ...key }))).toEqual([
      expect.stringMatching(/^AMQP_URL: /),
      expect.stringMatching(/^S3_BUCKET: /),
    ]);
    const { AMQP_URL, S3_BUCKET } = stack;
    expect(loadWorkerConfig({ NODE_ENV: 'production', AMQP_URL, S3_BUCKET, ...key }).AMQP_URL).toBe(AMQP_URL);
    expect(loadWorkerConfig({ NODE_ENV: 'production', SINGLE_HOST: 'yes', ...key }).SINGLE_HOST).toBe(true);
    expect(loadWorkerConfig({}).AMQP_URL).toBeUndefined();
  });

  /**
   * A child process whose module resolver refuses `oidc-provider`: building the identity and mounting it
   * succeeds only if nothing on the way imports the development provider's library.
   */
  function buildIdentity(env: Record<string, string>) {
    const refuse = `export async function resolve(specifier, context, next) {
      if (specifier === 'oidc-provider') throw new Error('oidc-provider was imported');
      return next(specifier, context);
    }`;
    const hook = `import { register } from 'node:module';
      register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(refuse)}`)});`;
    const url = (file: string) => JSON.stringify(new URL(`../src/${file}`, import.meta.url).href);
    const script = `
      const { loadServerConfig } = await import(${url('config.ts')});
      const { createIdentity } = await import(${url('domains/auth/identity.ts')});
      const { default: Fastify } = await import('fastify');
      const identity = createIdentity(loadServerConfig(JSON.parse(process.env.IDENTITY_ENV)));
      const app = Fastify();
      if (identity.devProvider) await identity.devProvider.register(app);
      await app.close();
      console.log('identity ready');`;
    return spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        `data:text/javascript,${encodeURIComponent(hook)}`,
        '--input-type=module',
        '-e',
        script,
      ],
      {
        cwd: join(ROOT, 'server'),
        env: { ...process.env, IDENTITY_ENV: JSON.stringify(env) },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
  }

  it('a server signing in with Google never imports the development OpenID provider', () => {
    const withGoogle = buildIdentity(google);
    expect(withGoogle.stderr).not.toContain('oidc-provider was imported');
    expect([withGoogle.status, withGoogle.stdout.trim()]).toEqual([0, 'identity ready']);
    // The same child with the development provider enabled does import it: the probe sees imports.
    const withDevProvider = buildIdentity({});
    expect(withDevProvider.status).not.toBe(0);
    expect(withDevProvider.stderr).toContain('oidc-provider was imported');
  });
});

describe('configuration documentation', () => {
  const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

  it('lists every server and worker variable in .env.example and in the README table', () => {
    const names = new Set([...Object.keys(serverShape), ...Object.keys(workerShape)]);
    const example = read('.env.example');
    const readme = read('README.md');
    for (const name of names) {
      expect(example, `.env.example lacks ${name}`).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, `README lacks ${name}`).toContain(`\`${name}\``);
    }
  });
});
