/** The API server's configuration: every variable, its default, and why it exists (see .env.example). */
import { z } from 'zod';
import {
  commonShape,
  databaseShape,
  envPort,
  loadConfig,
  queueShape,
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
  /** Built web client to serve at `/`; empty disables serving it. */
  WEB_DIST_DIR: z.string().default('web/dist'),
  /** How often the outbox relay looks for unsent rows when nothing nudges it. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
};

export type ServerConfig = ReturnType<typeof loadServerConfig>;

export function loadServerConfig(env: Env = process.env) {
  const config = loadConfig(serverShape, env);
  return { ...config, PUBLIC_URL: config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}` };
}
