/**
 * The CPU quilt engine on one core: training on 100 generated 512-px artworks, and generating one
 * 512×512 PNG from the resulting model. Goals (issue): training < 20 s, generation < 1.5 s.
 */
import sharp from 'sharp';
import { generateQuilt, trainQuilt } from '../src/engines/quilt';
import { makeTrainingSet } from '../src/testing';
import { median, report } from '../../scripts/bench-report';

const IMAGES = 100;
const TRAINING_ROUNDS = 3;
const GENERATION_ROUNDS = 5;

// One core: libvips gets one thread, and every sharp call below is awaited before the next starts,
// so at most one thread works at a time. The CPU-time column checks that claim.
sharp.concurrency(1);

async function timed<T>(run: () => Promise<T>) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return {
    result,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

const images = await makeTrainingSet('ember', IMAGES, { size: 512, format: 'jpeg' });
const training = [];
for (let round = 0; round < TRAINING_ROUNDS; round++) training.push(await timed(() => trainQuilt(images)));
const model = training[0]!.result;
const generation = [];
for (let round = 0; round < GENERATION_ROUNDS; round++)
  generation.push(await timed(() => generateQuilt(model, { tags: ['landscape'], seed: round + 1 })));

const seconds = (runs: { seconds: number }[]) => Number(median(runs.map((r) => r.seconds)).toFixed(2));
const cpuSeconds = (runs: { cpuSeconds: number }[]) =>
  Number(median(runs.map((r) => r.cpuSeconds)).toFixed(2));
report({
  name: 'Quilt engine (CPU): training and generation on one core',
  rows: [
    {
      metric: `training, ${IMAGES} images at 512 px: s (median of ${TRAINING_ROUNDS})`,
      value: seconds(training),
    },
    { metric: 'training: CPU s (median)', value: cpuSeconds(training) },
    { metric: `generation, one 512×512 PNG: s (median of ${GENERATION_ROUNDS})`, value: seconds(generation) },
    { metric: 'generation: CPU s (median)', value: cpuSeconds(generation) },
    { metric: 'model size: MB', value: Number((model.length / 1e6).toFixed(1)) },
  ],
  notes:
    'Synthetic watercolour artworks (gpu-worker/src/testing), JPEG inputs; generation decodes the model from ' +
    'its bytes each time, as the worker does. sharp.concurrency(1) and sequential calls: one core. ' +
    'Goals: training < 20 s, generation < 1.5 s.',
});
