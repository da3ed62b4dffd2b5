/** The API server's configuration: every variable, its default, and why it exists (see .env.example). */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  contentCredentialsProblems,
  contentCredentialsShape,
} from '@style-license/platform/content-credentials';
import { licenseMarkProblems, licenseMarkShape } from '@style-license/platform/license-mark';
import {
  commonShape,
  DEVELOPMENT_STORAGE_SECRET,
  databaseShape,
  envBoolean,
  envPort,
  loadConfig,
  queueShape,
  ConfigError,
  singleHostProblems,
  storageShape,
  type Env,
} from '@style-license/platform/config';
import { ENGINES } from '@style-license/shared';

/** Set by scripts/build.mjs (esbuild `define`) in the production bundle. */
declare const STYLE_LICENSE_BUNDLED: boolean | undefined;

/** The built web client: web/dist from the repository root, or dist/web beside the built server. */
const DEFAULT_WEB_DIST_DIR =
  typeof STYLE_LICENSE_BUNDLED !== 'undefined'
    ? fileURLToPath(new URL('./web', import.meta.url))
    : 'web/dist';

export const serverShape = {
  ...commonShape,
  ...databaseShape,
  ...queueShape,
  ...storageShape,
  ...licenseMarkShape,
  ...contentCredentialsShape,
  HOST: z.string().default('127.0.0.1'),
  PORT: envPort(3000),
  /** The address users reach the server at: signed local-storage URLs and redirects are built from it. */
  PUBLIC_URL: z.string().url().optional(),
  /** Origins allowed by CORS, comma-separated; the web client served by this server needs none. */
  WEB_ORIGIN: z
    .string()
    .default('http://localhost:5173')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().url())),
  /** Built web client to serve at `/`; `none` disables serving it. */
  WEB_DIST_DIR: z.string().default(DEFAULT_WEB_DIST_DIR),
  /**
   * The engine that trains new styles: `quilt` (CPU, in TypeScript) or `diffusers-lora` (a LoRA on a
   * diffusion model, trained and served by GPU workers). A style keeps its engine: its model is generated
   * only by the engine that trained it, so switching affects only styles created afterwards.
   */
  TRAINING_ENGINE: z.enum(ENGINES).default('quilt'),
  /**
   * The bearer token Prometheus presents to scrape GET /metrics (≥ 16 characters). Unset, in every
   * environment, /metrics is not served at all: the metrics tell sales, refunds and error rates.
   */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** How often the outbox relay looks for unsent rows when nothing nudges it. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /**
   * Whether the server applies pending migrations when it starts (under an advisory lock, so replicas
   * take turns). Deployments that run `migrate` as a step of their own set false: the server then
   * refuses to start while a migration is pending, rather than run code against an older schema.
   */
  MIGRATE_ON_START: envBoolean(true),
  /** Sent outbox rows are purged this long after sending (hourly, in bounded batches). */
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
  /**
   * Processed-event ids (which make consumers skip duplicates) are purged after this many days. At least
   * 3: a duplicate arriving later is handled again, and Stripe retries a webhook for up to three days.
   */
  PROCESSED_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(3).max(365).default(7),
  /** Google OAuth client; when unset (development, tests) the built-in development provider stands in. */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** The OpenID issuer for Google credentials (tests point it at a local provider). */
  OIDC_ISSUER: z.string().url().default('https://accounts.google.com'),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Sign-in attempts allowed per client IP per window (shared by all instances via the database). */
  SIGNIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(5),
  SIGNIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Procedure calls per caller (user, or IP when anonymous) per window, counted across instances. */
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(100),
  API_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * How often each server shares its API call counts with the others (one statement): the longer, the
   * more calls a caller spread over several servers can get past the limit (docs/SECURITY.md).
   */
  API_RATE_SYNC_MS: z.coerce.number().int().min(10).max(10_000).default(200),
  /** A running training job with no event for this long is failed by the sweeper (the artist can resubmit). */
  TRAINING_STALL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(1800),
  /** A training job still waiting for a worker after this long is failed (a backlog is fine until then). */
  TRAINING_QUEUE_TIMEOUT_SECONDS: z.coerce.number().int().min(60).max(604_800).default(86_400),
  /** How often the sweeper looks for stalled jobs. */
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** A generation without a result after this long is failed and refunded by the sweeper. */
  GENERATION_DEADLINE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  /** Image generations per user per minute. */
  GENERATION_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Comments per user per minute, counted across instances (spam stays bounded even from many tabs). */
  COMMENT_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  /**
   * Proxies whose X-Forwarded-For is trusted for the client IP: a hop count or a comma-separated list
   * of addresses/CIDRs (never "everything", which would let clients pick their IP and dodge limits).
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'must be a hop count or a list of proxy addresses',
    )
    .optional()
    .transform((v) => (v === undefined ? false : /^\d+$/.test(v) ? Number(v) : v.split(','))),
  /** Stripe API key and webhook signing secret; when both are unset (development, tests) the development checkout stands in. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Where the Stripe library sends API calls (tests point it at a local fake); unset = api.stripe.com. */
  STRIPE_API_BASE: z.string().url().optional(),
  /** Signs the development checkout's internal payment events and its form tokens. */
  DEV_CHECKOUT_SECRET: z.string().min(16).default('development-only-checkout-secret'),
  /**
   * Made-up artists, styles and generations for `npm start` on an empty database (server/src/demo/).
   * Unset, it follows NODE_ENV: on in development, off in tests (they seed only when they ask) and in
   * production, which refuses `true`: demo users must never mix with real ones.
   */
  DEMO_CONTENT: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes')),
};

export type ServerConfig = ReturnType<typeof loadServerConfig>;

type LoadedShape = ReturnType<typeof loadConfig<typeof serverShape>>;

/**
 * Rules across variables. Production must never fall back to the development sign-in provider or
 * checkout, nor to the single-host stand-ins unless SINGLE_HOST says so, nor run with publicly known
 * secrets; half a Google or Stripe setup is refused everywhere
 * (it would silently use the development stand-in, or take payments that are never credited).
 */
function crossVariableProblems(config: LoadedShape): string[] {
  const production = config.NODE_ENV === 'production';
  const google = Boolean(config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET);
  const stripe = Boolean(config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET);
  const problems: string[] = [];
  if (Boolean(config.GOOGLE_CLIENT_ID) !== Boolean(config.GOOGLE_CLIENT_SECRET)) {
    problems.push(
      `${config.GOOGLE_CLIENT_ID ? 'GOOGLE_CLIENT_SECRET' : 'GOOGLE_CLIENT_ID'}: set both Google variables or neither`,
    );
  }
  if (production && google && !config.OIDC_ISSUER.startsWith('https://')) {
    problems.push('OIDC_ISSUER: must be https in production');
  }
  if (production && !google) {
    problems.push(
      'GOOGLE_CLIENT_ID: must be set with GOOGLE_CLIENT_SECRET in production (the development sign-in provider is refused)',
    );
  }
  if (production && !stripe) {
    problems.push(
      'STRIPE_SECRET_KEY: must be set with STRIPE_WEBHOOK_SECRET in production (the development checkout is refused)',
    );
  }
  if (!stripe && (config.STRIPE_SECRET_KEY || config.STRIPE_WEBHOOK_SECRET)) {
    const missing = config.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY';
    problems.push(`${missing}: must be set together with the other Stripe key (not set)`);
  }
  if (production && config.DEMO_CONTENT === true) {
    problems.push(
      'DEMO_CONTENT: demo content is refused in production (made-up users would mix with real ones)',
    );
  }
  if (production && config.STORAGE_SIGNING_SECRET === DEVELOPMENT_STORAGE_SECRET) {
    // It signs upload tokens and local file URLs: a public default would let anyone forge them.
    problems.push('STORAGE_SIGNING_SECRET: must be set to a secret of your own in production');
  }
  return [
    ...problems,
    ...licenseMarkProblems(config),
    ...contentCredentialsProblems(config, production),
    ...singleHostProblems(config),
  ];
}

export function loadServerConfig(env: Env = process.env) {
  const config = loadConfig(serverShape, env);
  const problems = crossVariableProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const production = config.NODE_ENV === 'production';
  const google = Boolean(config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET);
  const stripe = Boolean(config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET);
  return {
    ...config,
    PUBLIC_URL: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
    DEMO_CONTENT: config.DEMO_CONTENT ?? config.NODE_ENV === 'development',
    /** The local OpenID provider that lets anyone sign in as anyone: development and tests only. */
    devIdentityProvider: !google && !production,
    /** The development payment page that credits tokens without money: development and tests only. */
    devCheckout: !stripe && !production,
  };
}
