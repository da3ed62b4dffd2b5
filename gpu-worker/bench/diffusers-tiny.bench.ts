/**
 * The diffusers engine's own costs on CPU, on tiny random-weight SD 1.5 and SDXL pipelines: what the
 * TypeScript supervisor and the Python processes add around the model (start-up, training steps, an
 * adapter switch, one image, the JSON-line round trip). The model compute itself is measured on a GPU
 * by gpu-worker/python/bench/gpu_bench.py with full-size architectures.
 */
import { createLogger } from '@style-license/platform/logger';
import { loadWorkerConfig } from '../src/config';
import { createDiffusersEngine } from '../src/engines/diffusers/index';
import { makeTrainingSet } from '../src/testing';
import { diffusersTestEnv } from '../src/testing/python';
import { median, report } from '../../scripts/bench-report';

const TRAINING_STEPS = 20;
const IMAGE_ROUNDS = 7;
const logger = createLogger({ name: 'bench', level: 'silent', pretty: false });
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
const ms = (value: number) => Number(value.toFixed(1));

async function measure(arch: 'sd15' | 'sdxl') {
  const env = { ...(await diffusersTestEnv(arch)), DIFFUSERS_TRAINING_STEPS: String(TRAINING_STEPS) };
  const engine = createDiffusersEngine(
    loadWorkerConfig({ NODE_ENV: 'test', WORKER_ENGINES: 'diffusers-lora', ...env }),
    logger,
  );
  try {
    const images = await makeTrainingSet('ember', 10, { size: 128 });
    let started = performance.now();
    const adapterA = await engine.train(images, () => {}, {
      styleId: '11111111-1111-4111-8111-111111111111',
    });
    const trainingMs = performance.now() - started;
    const adapterB = await engine.train(images.slice(0, 5), () => {}, {
      styleId: '22222222-2222-4222-8222-222222222222',
    });

    started = performance.now();
    const info = await engine.server.info();
    const startMs = performance.now() - started;
    const request = {
      adapter: null as string | null,
      prompt: 'x, portrait',
      seed: 1,
      steps: 4,
      guidance: 7,
      width: 64,
      height: 64,
    };
    const [fileA, fileB] = await Promise.all([adapterA, adapterB].map((a) => engine.adapterFile(a)));
    await engine.server.render({ ...request, adapter: fileA! }); // warm: the first image pays one-off costs
    // B's first request loads it from disk; after that A and B alternate, both kept loaded (hot swap).
    const firstLoad = (await engine.server.render({ ...request, adapter: fileB! })).timings.adapter_ms ?? 0;
    const cached: { roundTrip: number; total: number }[] = [];
    const switched: number[] = [];
    for (let round = 0; round < IMAGE_ROUNDS; round++) {
      // A after B: a switch; A again: the same adapter, the round trip measured; then B: a switch.
      switched.push(
        (await engine.server.render({ ...request, adapter: fileA!, seed: round })).timings.adapter_ms ?? 0,
      );
      const t = performance.now();
      const same = await engine.server.render({ ...request, adapter: fileA!, seed: round });
      cached.push({ roundTrip: performance.now() - t, total: same.timings.total_ms ?? 0 });
      switched.push(
        (await engine.server.render({ ...request, adapter: fileB!, seed: round })).timings.adapter_ms ?? 0,
      );
    }
    const roundTrip = median(cached.map((c) => c.roundTrip));
    const pythonTotal = median(cached.map((c) => c.total));
    return [
      {
        metric: `${arch}: training run, 10 images × ${TRAINING_STEPS} steps at 64 px: s (process start included)`,
        value: seconds(trainingMs),
      },
      {
        metric: `${arch}: image server start to ready: s (arch ${info.arch}, ${info.device})`,
        value: seconds(startMs),
      },
      {
        metric: `${arch}: one 64×64 image, 4 steps, adapter loaded: ms round trip (median of ${IMAGE_ROUNDS})`,
        value: ms(roundTrip),
      },
      {
        metric: `${arch}: of which outside Python's own timing (supervisor, JSON, base64): ms`,
        value: ms(roundTrip - pythonTotal),
      },
      { metric: `${arch}: a new adapter's first load into the server: ms`, value: ms(firstLoad) },
      { metric: `${arch}: switch between two loaded adapters: ms (median)`, value: ms(median(switched)) },
    ];
  } finally {
    await engine.close();
  }
}

const rows = [...(await measure('sd15')), ...(await measure('sdxl'))];
report({
  name: 'Diffusers engine (CPU): tiny random-weight pipelines',
  rows,
  notes:
    'Tiny SD 1.5 / SDXL pipelines built offline by `style_lora tiny` (random weights, 64 px): the numbers ' +
    'are the engine’s overheads, not a diffusion model’s compute — for that see the GPU section ' +
    '(gpu-worker/python/bench/gpu_bench.py, full-size architectures). Adapter switches alternate two ' +
    'trained adapters in one server (hot swap, base model loaded once).',
});
