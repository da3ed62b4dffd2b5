/**
 * Configuration of the diffusers LoRA engine (read only by workers that run it): where the base model
 * and the Python environment are, and the generation and training settings an operator may tune.
 */
import { z } from 'zod';

const optionalInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

export const diffusersShape = {
  /**
   * The base model every style LoRA is trained on and served with: a diffusers folder (model_index.json)
   * or a single-file .safetensors/.ckpt checkpoint, Stable Diffusion 1.5 or SDXL. Read from disk only:
   * the Hugging Face hub is never contacted.
   */
  BASE_MODEL_PATH: z.string().min(1).optional(),
  /** For a single-file checkpoint: a local diffusers folder with the matching configs (no hub lookup). */
  BASE_MODEL_CONFIG: z.string().min(1).optional(),
  /** The Python that has gpu-worker/python's dependencies (`npm run python:setup` prints the project's). */
  DIFFUSERS_PYTHON: z.string().min(1).default('python3'),
  /** Scratch space: training sets and adapters written for the Python processes (safe to delete). */
  DIFFUSERS_WORK_DIR: z.string().default('.data/diffusers'),
  /** An LCM-LoRA for the base model: when set, generation uses it with the style for 4–8 step images. */
  DIFFUSERS_LCM_LORA_PATH: z.string().min(1).optional(),
  /** Denoising steps per image (ignored in LCM fast mode, which takes 6). */
  DIFFUSERS_STEPS: z.coerce.number().int().min(1).max(150).default(25),
  DIFFUSERS_GUIDANCE: z.coerce.number().min(0).max(30).default(7),
  /** Image side in pixels; unset: 512 for SD 1.5 bases and 1024 for SDXL. */
  DIFFUSERS_IMAGE_SIZE: optionalInt(64, 2048).refine((v) => v === undefined || v % 8 === 0, {
    message: 'must be a multiple of 8',
  }),
  /** Style adapters kept loaded beside the base model (least recently used go first). */
  DIFFUSERS_MAX_ADAPTERS: z.coerce.number().int().min(1).max(64).default(8),
  /** Training steps; unset: scaled by the number of images (about 100 each, 400–3000). */
  DIFFUSERS_TRAINING_STEPS: optionalInt(1, 20_000),
  /** Training resolution; unset: 512 for SD 1.5 and 1024 for SDXL. */
  DIFFUSERS_TRAINING_RESOLUTION: optionalInt(64, 2048),
  /** One image may take this long (model loading aside) before its process is restarted and the job retried. */
  DIFFUSERS_GENERATION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** A whole training run may take this long. */
  DIFFUSERS_TRAINING_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(7200),
  /** Loading the base model may take this long (first start reads gigabytes from disk). */
  DIFFUSERS_LOAD_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(600),
};
