/**
 * The engine seam: what the training and generation consumers need from an engine. Two engines
 * implement it: the CPU "quilt" engine in TypeScript, and the diffusers LoRA engine (Python processes
 * driven over JSON lines). A worker builds the engines it is configured to run and consumes only their
 * queues; a model is only ever read by the engine that trained it.
 */
import type { Engine } from '@style-license/shared';
import { generateQuilt, trainQuilt } from './quilt/index';

export interface TrainingImage {
  data: Uint8Array;
  tags: readonly string[];
}

/** How far a run is: whole percentages, never decreasing; the rest when the engine knows it. */
export interface TrainingProgressDetails {
  loss?: number;
  etaSeconds?: number;
}
export type TrainingProgressListener = (percent: number, details?: TrainingProgressDetails) => void;

/** What a run is for: engines that name the style in their model (a LoRA's trigger token) need it. */
export interface TrainingContext {
  styleId: string;
  /**
   * The sample images the caller will show, by their tags. An engine that can render them at the end of
   * the run (with the model still in memory) hands each unsigned PNG to `onSample`; the caller generates
   * any it did not get, so engines without this (quilt) need do nothing.
   */
  samples?: readonly (readonly string[])[];
  onSample?: (index: number, png: Buffer) => void;
}

export interface GenerationRequest {
  styleId: string;
  /** The buyer's words, as typed; engines that cannot read text (quilt) go by the tags. */
  text: string;
  tags: readonly string[];
  seed: number;
}

export interface StyleEngine {
  readonly name: Engine;
  /** Builds the style model (the artifact stored under the engine's file extension). */
  train(
    images: readonly TrainingImage[],
    onProgress: TrainingProgressListener,
    context?: TrainingContext,
  ): Promise<Buffer>;
  /** Generates one unsigned PNG; signing happens outside the engine. */
  generate(artifact: Uint8Array, request: GenerationRequest): Promise<Buffer>;
  /** Stops what the engine runs beside the worker (child processes); absent when there is nothing. */
  close?(): Promise<void>;
}

export const quiltEngine: StyleEngine = {
  name: 'quilt',
  train: (images, onProgress) => trainQuilt(images, {}, (percent) => onProgress(percent)),
  generate: (artifact, { tags, seed }) => generateQuilt(artifact, { tags, seed }),
};

/**
 * A job for another engine than the one whose queue it came from (a message moved by hand, or queued
 * by a mis-configured server): no attempt here can read its model, so it fails at once.
 */
export class EngineMismatchError extends Error {
  readonly permanent = true;

  constructor(jobEngine: Engine, workerEngine: Engine) {
    super(`a ${jobEngine} job reached the ${workerEngine} engine, which cannot read its model`);
    this.name = 'EngineMismatchError';
  }
}

/** The engine for a job, or EngineMismatchError: a style is generated only by the engine that trained it. */
export function assertEngineFor(engine: StyleEngine, job: { engine: Engine }): void {
  if (job.engine !== engine.name) throw new EngineMismatchError(job.engine, engine.name);
}
