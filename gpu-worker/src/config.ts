/** The GPU worker's configuration (see .env.example for every variable and its default). */
import { z } from 'zod';
import {
  ConfigError,
  commonShape,
  envPort,
  loadConfig,
  queueShape,
  singleHostProblems,
  storageShape,
  type Env,
} from '@style-license/platform/config';
import {
  contentCredentialsProblems,
  contentCredentialsShape,
} from '@style-license/platform/content-credentials';
import { licenseMarkProblems, licenseMarkShape } from '@style-license/platform/license-mark';
import { ENGINES } from '@style-license/shared';
import { diffusersShape } from './engines/diffusers/config';

export const workerShape = {
  ...commonShape,
  ...queueShape,
  ...storageShape,
  ...diffusersShape,
  ...licenseMarkShape,
  ...contentCredentialsShape,
  /**
   * The engines this worker runs, comma-separated: `quilt` (CPU, TypeScript) and/or `diffusers-lora`
   * (Python with a GPU). It consumes exactly these engines' queues, so workers of different engines can
   * share one broker.
   */
  WORKER_ENGINES: z
    .string()
    .default('quilt')
    .transform((v) => [...new Set(v.split(',').map((e) => e.trim()))].filter(Boolean))
    .pipe(z.array(z.enum(ENGINES)).min(1, 'name at least one engine')),
  /** Training jobs held at once per engine: one, because a training run uses the whole GPU. */
  WORKER_TRAINING_PREFETCH: z.coerce.number().int().min(1).max(16).default(1),
  WORKER_GENERATION_PREFETCH: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * The standalone worker's own HTTP listener: /healthz, /readyz and /metrics (Prometheus). It serves
   * nothing else and has no credentials, so it listens on loopback unless told otherwise; a container
   * sets 0.0.0.0 and keeps the port on the private network. Port 0 picks a free one (tests).
   */
  WORKER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  WORKER_HTTP_PORT: envPort(9464),
  /** Address used in signed local-storage URLs (local object store only). */
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'),
};

export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;

/** Production refuses the in-process queue and the local store unless SINGLE_HOST says so. */
export function loadWorkerConfig(env: Env = process.env) {
  const config = loadConfig(workerShape, env);
  const problems = [
    ...singleHostProblems(config),
    ...licenseMarkProblems(config),
    ...contentCredentialsProblems(config, config.NODE_ENV === 'production'),
  ];
  if (config.WORKER_ENGINES.includes('diffusers-lora') && !config.BASE_MODEL_PATH)
    problems.push(
      'BASE_MODEL_PATH: the diffusers-lora engine needs a base model (a diffusers folder or a .safetensors checkpoint)',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
