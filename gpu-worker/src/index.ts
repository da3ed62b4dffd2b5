export { loadWorkerConfig, workerShape, type WorkerConfig } from './config';
export {
  startWorker,
  dispatch,
  defaultHandlers,
  queuesOf,
  type JobHandler,
  type JobHandlers,
  type WorkerDeps,
} from './worker';
export { publishJobEvent } from './events';
export { createWorkerMetrics, type WorkerMetrics } from './metrics';
export { startWorkerHttp, type WorkerHttp } from './http';
export {
  quiltEngine,
  EngineMismatchError,
  type StyleEngine,
  type GenerationRequest,
  type TrainingImage,
} from './engines/engine';
export { createEngines } from './engines/index';
export { createDiffusersEngine, type DiffusersEngine } from './engines/diffusers/index';
export { trainingHandler } from './jobs/training';
export { generationHandler, type GenerationCaches } from './jobs/generation';
export {
  createArtifactCache,
  createLruCache,
  DEFAULT_ARTIFACT_CACHE_BYTES,
  type ArtifactCache,
  type LruCache,
  type LruCacheOptions,
  type LruCacheStats,
} from './engines/artifact-cache';
export {
  signGeneratedImage,
  signPixels,
  licenseExif,
  licenseXmp,
  SIGNED_PNG_OPTIONS,
  PREVIEW_WEBP_OPTIONS,
  type LicenseMetadata,
  type SignRequest,
  type SignOptions,
  type SignedImage,
} from './signing';
