export { loadWorkerConfig, workerShape, type WorkerConfig } from './config';
export { startWorker, dispatch, type JobHandler, type JobHandlers, type WorkerDeps } from './worker';
export { publishJobEvent } from './events';
