/** The engines a worker runs, built from its configuration (WORKER_ENGINES). */
import type { Logger } from '@style-license/platform/logger';
import type { WorkerConfig } from '../config';
import { quiltEngine, type StyleEngine } from './engine';
import { createDiffusersEngine } from './diffusers/index';

export function createEngines(config: WorkerConfig, logger: Logger): StyleEngine[] {
  return config.WORKER_ENGINES.map((name) =>
    name === 'quilt' ? quiltEngine : createDiffusersEngine(config, logger),
  );
}
