/**
 * The diffusers LoRA engine: a style is a LoRA adapter on the operator's base model (SD 1.5 or SDXL),
 * trained by a Python process per run and rendered by one long-lived Python image server that keeps the
 * base model loaded and hot-swaps adapters (see gpu-worker/python). This side writes the files those
 * processes read, supervises them, and turns what they answer into the engine seam's Buffers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@style-license/platform/logger';
import type { z } from 'zod';
import type { StyleEngine } from '../engine';
import type { diffusersShape } from './config';
import { createServeSupervisor, type ServeSupervisor } from './serve-supervisor';
import { runTraining } from './train-run';
import { promptFor, triggerFor, NEGATIVE_PROMPT, seedFor } from './prompt';

export type DiffusersConfig = z.infer<z.ZodObject<typeof diffusersShape>>;

/** Set by scripts/build.mjs (esbuild `define`): the bundle finds its files beside itself, in dist/. */
declare const STYLE_LICENSE_BUNDLED: boolean | undefined;

/**
 * Where the `style_lora` package lives (run from source, not installed): gpu-worker/python/src beside
 * the sources, dist/python/src beside a production bundle.
 */
export const PYTHON_PACKAGE_DIR = fileURLToPath(
  new URL(
    typeof STYLE_LICENSE_BUNDLED !== 'undefined' ? './python/src' : '../../../python/src',
    import.meta.url,
  ),
);

/** LCM's few-step sampling: enough steps for a clean image, guidance low as LCM wants. */
const FAST_STEPS = 6;
const FAST_GUIDANCE = 1.5;

export interface DiffusersEngine extends StyleEngine {
  readonly server: ServeSupervisor;
  /** The file the image server reads for a style's artifact (written on first use). */
  adapterFile(artifact: Uint8Array): Promise<string>;
  close(): Promise<void>;
}

export function pythonEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    PYTHONPATH: [PYTHON_PACKAGE_DIR, base.PYTHONPATH].filter(Boolean).join(':'),
    // Never the network: the base model is a local path and nothing is fetched from the hub.
    HF_HUB_OFFLINE: '1',
    TRANSFORMERS_OFFLINE: '1',
    HF_HUB_DISABLE_TELEMETRY: '1',
    PYTHONUNBUFFERED: '1',
  };
}

export function createDiffusersEngine(config: DiffusersConfig, logger: Logger): DiffusersEngine {
  const log = logger.child({ engine: 'diffusers-lora' });
  const baseModel = config.BASE_MODEL_PATH;
  if (!baseModel) throw new Error('BASE_MODEL_PATH must name the base model for the diffusers-lora engine');
  const workDir = resolve(config.DIFFUSERS_WORK_DIR);
  const adaptersDir = join(workDir, 'adapters');
  const env = {
    ...pythonEnv(),
    // A single-file checkpoint's configs, for the training processes (the server also gets --base-config).
    ...(config.BASE_MODEL_CONFIG ? { STYLE_LORA_BASE_CONFIG: config.BASE_MODEL_CONFIG } : {}),
  };
  const server = createServeSupervisor({
    python: config.DIFFUSERS_PYTHON,
    args: [
      '-m',
      'style_lora',
      'serve',
      '--base',
      baseModel,
      '--max-adapters',
      String(config.DIFFUSERS_MAX_ADAPTERS),
      ...(config.BASE_MODEL_CONFIG ? ['--base-config', config.BASE_MODEL_CONFIG] : []),
      ...(config.DIFFUSERS_LCM_LORA_PATH ? ['--lcm-lora', config.DIFFUSERS_LCM_LORA_PATH] : []),
    ],
    env,
    loadTimeoutMs: config.DIFFUSERS_LOAD_TIMEOUT_SECONDS * 1000,
    requestTimeoutMs: config.DIFFUSERS_GENERATION_TIMEOUT_SECONDS * 1000,
    log,
  });

  // The adapter files the server reads, by content: a style's artifact is written once per machine.
  // Keyed by the artifact cache's Buffer, and by the promise, so that concurrent requests share one write.
  const written = new WeakMap<Uint8Array, Promise<string>>();
  async function writeAdapter(artifact: Uint8Array): Promise<string> {
    const path = join(adaptersDir, `${createHash('sha256').update(artifact).digest('hex')}.safetensors`);
    const exists = await stat(path).then(
      (s) => s.size === artifact.byteLength,
      () => false,
    );
    if (!exists) {
      await mkdir(adaptersDir, { recursive: true });
      // Written aside and renamed: the server (or another worker on this disk) never reads half a file.
      const partial = `${path}.${randomUUID()}.partial`;
      await writeFile(partial, artifact);
      await rename(partial, path);
    }
    return path;
  }
  function adapterFile(artifact: Uint8Array): Promise<string> {
    let path = written.get(artifact);
    if (!path) {
      path = writeAdapter(artifact);
      written.set(artifact, path);
      path.catch(() => written.delete(artifact));
    }
    return path;
  }

  // Stopping the worker stops its training runs too: nothing of this engine outlives the worker.
  const stopping = new AbortController();

  return {
    name: 'diffusers-lora',
    server,
    adapterFile,
    train: (images, onProgress, context) =>
      runTraining(images, onProgress, {
        python: config.DIFFUSERS_PYTHON,
        args: ['-m', 'style_lora', 'train'],
        env,
        workDir,
        baseModel,
        trigger: triggerFor(context?.styleId),
        seed: seedFor(context?.styleId),
        // Rendered by the training process while the adapter is in memory: a training-only worker never
        // loads a second copy of the base model in an image server just for three samples.
        samplePrompts: context?.samples?.map((tags) =>
          promptFor({ styleId: context.styleId, tags, text: '' }),
        ),
        sampleSteps: config.DIFFUSERS_STEPS,
        onSample: context?.onSample,
        steps: config.DIFFUSERS_TRAINING_STEPS,
        resolution: config.DIFFUSERS_TRAINING_RESOLUTION,
        timeoutMs: config.DIFFUSERS_TRAINING_TIMEOUT_SECONDS * 1000,
        signal: stopping.signal,
        log,
      }),
    async generate(artifact, request) {
      const [adapter, info] = await Promise.all([adapterFile(artifact), server.info()]);
      const size = config.DIFFUSERS_IMAGE_SIZE ?? (info.arch === 'sdxl' ? 1024 : 512);
      const fast = config.DIFFUSERS_LCM_LORA_PATH !== undefined;
      const rendered = await server.render({
        adapter,
        prompt: promptFor(request),
        negative: NEGATIVE_PROMPT,
        seed: request.seed,
        steps: fast ? FAST_STEPS : config.DIFFUSERS_STEPS,
        guidance: fast ? FAST_GUIDANCE : config.DIFFUSERS_GUIDANCE,
        width: size,
        height: size,
        ...(fast ? { fast: true } : {}),
      });
      log.debug({ timings: rendered.timings, adapterCached: rendered.adapterCached }, 'diffusers: rendered');
      return rendered.png;
    },
    async close() {
      stopping.abort();
      await server.close();
    },
  };
}
