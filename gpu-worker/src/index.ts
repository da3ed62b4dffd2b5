export { loadWorkerConfig, workerShape, type WorkerConfig } from './config';
export {
  startWorker,
  dispatch,
  defaultHandlers,
  type JobHandler,
  type JobHandlers,
  type WorkerDeps,
} from './worker';
export { publishJobEvent } from './events';
export { engineFor, quiltEngine, type StyleEngine } from './engines/engine';
export { trainingHandler } from './jobs/training';
