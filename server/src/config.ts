/** The API server's configuration: every variable, its default, and why it exists (see .env.example). */
import { z } from 'zod';
import {
  commonShape,
  databaseShape,
  envPort,
  envBoolean,
  loadConfig,
  queueShape,
  ConfigError,
  storageShape,
  type Env,
} from '@style-license/platform/config';

export const serverShape = {
  ...commonShape,
  ...databaseShape,
  ...queueShape,
  ...storageShape,
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
  WEB_DIST_DIR: z.string().default('web/dist'),
  /** How often the outbox relay looks for unsent rows when nothing nudges it. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** Google OAuth client; when unset (development, tests) the built-in development provider stands in. */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** The OpenID issuer for Google credentials (tests point it at a local provider). */
  OIDC_ISSUER: z.string().url().default('https://accounts.google.com'),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Sign-in attempts allowed per client IP per window (shared by all instances via the database). */
  SIGNIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(5),
  SIGNIN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Trust X-Forwarded-For from a reverse proxy for the client IP (only behind one you run). */
  TRUST_PROXY: envBoolean(false),
};

export type ServerConfig = ReturnType<typeof loadServerConfig>;

export function loadServerConfig(env: Env = process.env) {
  const config = loadConfig(serverShape, env);
  const production = config.NODE_ENV === 'production';
  const google = Boolean(config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET);
  // Production must never fall back to the development sign-in provider, whatever else is set.
  if (production && !google) {
    throw new ConfigError([
      'GOOGLE_CLIENT_ID: must be set with GOOGLE_CLIENT_SECRET in production (the development sign-in provider is refused)',
    ]);
  }
  return {
    ...config,
    PUBLIC_URL: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
    /** The local OpenID provider that lets anyone sign in as anyone: development and tests only. */
    devIdentityProvider: !google && !production,
  };
}
