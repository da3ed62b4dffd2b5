/**
 * One way to read configuration: each process declares a zod object of its environment variables
 * (every one with a documented default) and calls `loadConfig` once at startup. A bad value stops the
 * process with a message naming each offending variable, never a stack trace from deep inside.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Env = process.env,
): z.infer<z.ZodObject<S>> {
  // Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
  const input = Object.fromEntries(
    Object.keys(shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(config)');
    const got = input[name];
    return `${name}: ${issue.message}${got === undefined ? ' (not set)' : ` (got "${got}")`}`;
  });
  throw new ConfigError(problems);
}

/** Environment booleans: only the spellings people actually write, anything else is an error. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Variables every backend process reads; each process spreads these into its own shape. */
export const commonShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Says every part runs in one process on one machine: lets production use the embedded fallbacks. */
  SINGLE_HOST: envBoolean(false),
};

export const databaseShape = {
  /** postgres://… for PostgreSQL, or pglite:<dir> for the embedded database. */
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|pglite:)/, 'must start with postgres://, postgresql:// or pglite:')
    .default('pglite:.data/pglite'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
};

export const queueShape = {
  /** amqp://… for RabbitMQ; empty means the in-process queue (single-process embedded mode only). */
  AMQP_URL: z
    .string()
    .regex(/^amqps?:\/\//, 'must start with amqp:// or amqps://')
    .optional(),
  /** Deliveries of one message before it is dead-lettered (first try included). */
  QUEUE_MAX_DELIVERIES: z.coerce.number().int().min(1).max(20).default(3),
  /**
   * How long a consumer keeps a message through a dependency outage (retrying it) before handing it back,
   * which uses one delivery. Keep it below RabbitMQ's consumer_timeout (30 minutes by default).
   */
  QUEUE_OUTAGE_HOLD_SECONDS: z.coerce.number().int().min(1).max(3600).default(600),
  /** Prefix for every queue name, so several deployments (or test runs) can share one broker. */
  QUEUE_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_.-]{0,40}$/, 'lower-case letters, digits, dot, dash and underscore only')
    .default(''),
};

/** Known to everyone who reads the source: refused in production (server config checks it). */
export const DEVELOPMENT_STORAGE_SECRET = 'development-only-storage-secret';

export const storageShape = {
  /** S3 endpoint for any S3-compatible service; empty means AWS itself when S3_BUCKET is set. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Set to use S3; empty means the local object store under STORAGE_DIR. */
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  STORAGE_DIR: z.string().default('.data/objects'),
  /** Signs the local store's expiring URLs; must be shared by every process using the same directory. */
  STORAGE_SIGNING_SECRET: z.string().min(16).default(DEVELOPMENT_STORAGE_SECRET),
};

/**
 * The embedded fallbacks connect only parts on one machine: PGlite and the local store are one host's
 * directories, the in-process queue is one process's memory (a server on it queues jobs no separate
 * worker sees). Development defaults to them; production refuses each unless SINGLE_HOST=true says that
 * is the deployment, so a missing variable is an error at startup rather than work silently lost.
 */
export function singleHostProblems(config: {
  NODE_ENV: string;
  SINGLE_HOST: boolean;
  DATABASE_URL?: string;
  AMQP_URL?: string;
  S3_BUCKET?: string;
}): string[] {
  if (config.NODE_ENV !== 'production' || config.SINGLE_HOST) return [];
  const unless = 'or set SINGLE_HOST=true to run every part in one process on one machine';
  const problems: string[] = [];
  if (config.DATABASE_URL?.startsWith('pglite:')) {
    problems.push(
      `DATABASE_URL: the embedded PGlite database is refused in production; use postgres://…, ${unless}`,
    );
  }
  if (!config.AMQP_URL) {
    problems.push(
      `AMQP_URL: must be set in production (the in-process queue reaches no worker in another process), ${unless}`,
    );
  }
  if (!config.S3_BUCKET) {
    problems.push(
      `S3_BUCKET: must be set in production (the local object store is one machine's directory), ${unless}`,
    );
  }
  return problems;
}
