/** The GPU worker's configuration (see .env.example for every variable and its default). */
import { z } from 'zod';
import {
  ConfigError,
  commonShape,
  loadConfig,
  queueShape,
  singleHostProblems,
  storageShape,
  type Env,
} from '@style-license/platform/config';
import { ENGINES } from '@style-license/shared';

export const workerShape = {
  ...commonShape,
  ...queueShape,
  ...storageShape,
  /** Which engine trains and generates: the CPU 'quilt' engine, or 'diffusers-lora' on a GPU. */
  WORKER_ENGINE: z.enum(ENGINES).default('quilt'),
  /** Training jobs held at once: one, because a training run uses the whole GPU. */
  WORKER_TRAINING_PREFETCH: z.coerce.number().int().min(1).max(16).default(1),
  WORKER_GENERATION_PREFETCH: z.coerce.number().int().min(1).max(64).default(2),
  /** Address used in signed local-storage URLs (local object store only). */
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:3000'),
};

export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;

/** Production refuses the in-process queue and the local store unless SINGLE_HOST says so. */
export function loadWorkerConfig(env: Env = process.env) {
  const config = loadConfig(workerShape, env);
  const problems = singleHostProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
