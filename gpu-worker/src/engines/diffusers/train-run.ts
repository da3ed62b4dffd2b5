/**
 * One LoRA training run in its own Python process (`python -m style_lora train`): the training set is
 * written to a scratch folder, the job goes in on stdin as one JSON line, and progress, loss and ETA come
 * back as JSON lines until `done` names the adapter file. Invariants: the scratch folder is removed
 * whatever happens; the run ends in the adapter's bytes or a DiffusersEngineError (a hung run is killed
 * at its time limit); progress reaches the listener as whole percentages below 100, never decreasing.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '@style-license/platform/logger';
import type { TrainingImage, TrainingProgressListener } from '../engine';
import { DiffusersEngineError } from './errors';
import { describeExit, startJsonLineProcess } from './json-lines';

export interface TrainingRunOptions {
  python: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  workDir: string;
  baseModel: string;
  trigger: string;
  seed: number;
  /** Prompts of the samples to render with the trained adapter before the run ends (their order kept). */
  samplePrompts?: readonly string[];
  sampleSteps?: number;
  onSample?: (index: number, png: Buffer) => void;
  /** Overrides of the engine's defaults (which scale with the number of images). */
  steps?: number;
  resolution?: number;
  timeoutMs: number;
  /** Aborted when the worker stops: the run is killed (its job goes back to the queue). */
  signal?: AbortSignal;
  log: Logger;
}

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export async function runTraining(
  images: readonly TrainingImage[],
  onProgress: TrainingProgressListener,
  options: TrainingRunOptions,
): Promise<Buffer> {
  const { log } = options;
  await mkdir(options.workDir, { recursive: true });
  const scratch = await mkdtemp(join(options.workDir, 'train-'));
  try {
    // Named by position only: Python reads each file's format from its content, as the server checked it.
    const files = await Promise.all(
      images.map(async (image, n) => {
        const path = join(scratch, `image-${n}`);
        await writeFile(path, image.data);
        return { path, tags: [...image.tags] };
      }),
    );
    const output = join(scratch, 'adapter.safetensors');
    const job = {
      base_model: options.baseModel,
      images: files,
      output,
      trigger: options.trigger,
      seed: options.seed,
      ...(options.steps ? { steps: options.steps } : {}),
      ...(options.resolution ? { resolution: options.resolution } : {}),
      ...(options.samplePrompts?.length
        ? { sample_prompts: options.samplePrompts, sample_steps: options.sampleSteps ?? 25 }
        : {}),
    };
    // Samples come at the end only (sample_every unset), one per prompt, in order.
    const samples: Promise<void>[] = [];
    let reported = -1;
    let outcome: { adapter: string } | DiffusersEngineError | undefined;
    const run = startJsonLineProcess({
      command: options.python,
      args: options.args,
      env: options.env,
      log,
      onMessage(message) {
        if (message.event === 'started')
          log.info({ ...message, event: undefined }, 'diffusers: training started');
        else if (message.event === 'progress') {
          const step = finite(message.step) ?? 0;
          const steps = finite(message.steps) ?? 1;
          const percent = Math.min(99, Math.floor((step / Math.max(1, steps)) * 100));
          if (percent < reported) return;
          reported = percent;
          onProgress(percent, { loss: finite(message.loss), etaSeconds: finite(message.eta_seconds) });
        } else if (message.event === 'sample' && typeof message.path === 'string') {
          const index = samples.length;
          const path = message.path;
          // Read only from this run's scratch folder, whatever the line says.
          if (dirname(path) !== scratch || !options.onSample) return;
          const read = readFile(path).then((png) => options.onSample!(index, png));
          read.catch(() => {}); // awaited (and its error thrown) once the run has ended
          samples.push(read);
        } else if (message.event === 'done' && typeof message.adapter === 'string') {
          log.info(
            { steps: message.steps, seconds: message.seconds, loss: message.final_loss },
            'diffusers: trained',
          );
          outcome ??= { adapter: message.adapter };
        } else if (message.event === 'error') outcome ??= DiffusersEngineError.fromReport(message);
      },
    });
    run.send(job);
    run.end();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      run.kill();
    }, options.timeoutMs);
    const stop = () => run.kill();
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal?.aborted) stop();
    const exit = await run.exited.finally(() => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
    });
    if (timedOut)
      throw new DiffusersEngineError(
        'timeout',
        `training ran past ${Math.round(options.timeoutMs / 1000)} s`,
      );
    if (options.signal?.aborted) throw new DiffusersEngineError('crashed', 'stopped with the worker');
    if (outcome instanceof DiffusersEngineError) throw outcome;
    if (!outcome || exit.code !== 0) {
      const said = `${describeExit(exit)}; ${run.stderrTail().slice(-600)}`;
      throw new DiffusersEngineError(exit.error ? 'not_started' : 'crashed', said);
    }
    // The adapter must be where this run was told to write it: a path from elsewhere is never read.
    if (outcome.adapter !== output)
      throw new DiffusersEngineError('internal', 'the adapter was written elsewhere');
    await Promise.all(samples);
    return await readFile(output);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
