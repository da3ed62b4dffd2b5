/**
 * The engine seam: what the training and generation consumers need from an engine. The CPU "quilt"
 * engine implements it here; the diffusers LoRA engine (Python, driven over JSON lines) plugs into the
 * same interface in its own issue.
 */
import type { Engine } from '@style-license/shared';
import { generateQuilt, trainQuilt } from './quilt/index';

export interface TrainingImage {
  data: Uint8Array;
  tags: readonly string[];
}

export interface StyleEngine {
  readonly name: Engine;
  /** Builds the style model; `onProgress` gets whole percentages, never decreasing. */
  train(images: readonly TrainingImage[], onProgress: (percent: number) => void): Promise<Buffer>;
  /** Generates one unsigned PNG; signing happens outside the engine. */
  generate(artifact: Uint8Array, request: { tags: readonly string[]; seed: number }): Promise<Buffer>;
}

export const quiltEngine: StyleEngine = {
  name: 'quilt',
  train: (images, onProgress) => trainQuilt(images, {}, onProgress),
  generate: (artifact, request) => generateQuilt(artifact, request),
};

export function engineFor(name: Engine): StyleEngine {
  if (name === 'quilt') return quiltEngine;
  throw new Error(`engine "${name}" is not available in this worker`);
}
