/**
 * One training run in a real Python process on the tiny SD 1.5 model: progress reaches the worker as
 * whole percentages below 100, never decreasing; the samples are rendered by the run itself; and every
 * way a run can end badly — an unreadable image, a time limit, no interpreter — ends in a typed failure
 * (permanent only where no retry can help) with the scratch folder gone.
 */
import { readdir } from 'node:fs/promises';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@style-license/platform/logger';
import { loadWorkerConfig } from '../../src/config';
import { createDiffusersEngine, pythonEnv } from '../../src/engines/diffusers/index';
import { runTraining } from '../../src/engines/diffusers/train-run';
import { makeTrainingSet, type TrainingArtwork } from '../../src/testing';
import { diffusersTestEnv, testPython } from '../../src/testing/python';

const logger = createLogger({ name: 'train-run-test', level: 'silent', pretty: false });
const STYLE = '33333333-3333-4333-8333-333333333333';
let env: Record<string, string>;
let images: TrainingArtwork[];

beforeAll(async () => {
  env = await diffusersTestEnv('sd15');
  images = await makeTrainingSet('neon', 10, { size: 96 });
}, 120_000);

const leftovers = async (dir: string) =>
  (await readdir(dir).catch(() => [])).filter((f) => f.startsWith('train-'));

function engineWith(overrides: Record<string, string> = {}) {
  const config = loadWorkerConfig({
    NODE_ENV: 'test',
    WORKER_ENGINES: 'diffusers-lora',
    ...env,
    ...overrides,
  });
  return createDiffusersEngine(config, logger);
}

describe('a diffusers training run', () => {
  it('reports rising progress with loss and ETA, renders the samples it is asked for, and cleans up', async () => {
    const engine = engineWith({ DIFFUSERS_TRAINING_STEPS: '6' });
    const progress: { percent: number; loss?: number; etaSeconds?: number }[] = [];
    const samples = new Map<number, Buffer>();
    try {
      const adapter = await engine.train(
        images,
        (percent, details) => progress.push({ percent, ...details }),
        {
          styleId: STYLE,
          samples: [['portrait'], ['landscape']],
          onSample: (n, png) => samples.set(n, png),
        },
      );
      expect(adapter.subarray(8, 9).toString()).toBe('{'); // a safetensors header follows its length
      expect(progress.length).toBeGreaterThan(0);
      const percents = progress.map((p) => p.percent);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(Math.max(...percents)).toBeLessThan(100);
      expect(progress.every((p) => Number.isFinite(p.loss) && p.etaSeconds! >= 0)).toBe(true);
      expect([...samples.keys()].sort()).toEqual([0, 1]);
      for (const png of samples.values()) expect((await sharp(png).metadata()).format).toBe('png');
      // Two prompts, one adapter: two different images.
      expect(samples.get(0)!.equals(samples.get(1)!)).toBe(false);
      // The run never needed the image server.
      expect(engine.server.starts()).toBe(0);
      expect(await leftovers(env.DIFFUSERS_WORK_DIR!)).toEqual([]);
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('fails for good on an image it cannot decode, before training, leaving nothing behind', async () => {
    const engine = engineWith();
    const broken = [...images.slice(0, 9), { data: Buffer.from('not an image'), tags: ['portrait'] }];
    await expect(engine.train(broken, () => {}, { styleId: STYLE })).rejects.toMatchObject({
      code: 'image_unreadable',
      permanent: true,
    });
    expect(await leftovers(env.DIFFUSERS_WORK_DIR!)).toEqual([]);
  }, 60_000);

  it('kills a run past its time limit and says so (another attempt may succeed)', async () => {
    const run = runTraining(images, () => {}, {
      python: testPython(),
      args: ['-m', 'style_lora', 'train'],
      env: pythonEnv(),
      workDir: env.DIFFUSERS_WORK_DIR!,
      baseModel: env.BASE_MODEL_PATH!,
      trigger: 'slstyletest',
      seed: 1,
      steps: 500,
      resolution: 64,
      timeoutMs: 1500,
      log: logger,
    });
    await expect(run).rejects.toMatchObject({ code: 'timeout', permanent: false });
    expect(await leftovers(env.DIFFUSERS_WORK_DIR!)).toEqual([]);
  }, 60_000);

  it('stops a run in progress when the worker stops its engine', async () => {
    const engine = engineWith({ DIFFUSERS_TRAINING_STEPS: '2000' });
    let stopped = false;
    const run = engine.train(images, () => void (stopped ||= (void engine.close(), true)), {
      styleId: STYLE,
    });
    // Closed at the first progress line: the run is past start-up and training.
    const started = Date.now();
    await expect(run).rejects.toMatchObject({ code: 'crashed', said: 'stopped with the worker' });
    expect(stopped).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await leftovers(env.DIFFUSERS_WORK_DIR!)).toEqual([]);
  }, 60_000);

  it('says the engine could not start when its Python is missing', async () => {
    const engine = engineWith({ DIFFUSERS_PYTHON: '/nonexistent/python3' });
    await expect(engine.train(images, () => {}, { styleId: STYLE })).rejects.toMatchObject({
      code: 'not_started',
      permanent: false,
    });
    await expect(
      engine.generate(Buffer.from('x'), { styleId: STYLE, text: '', tags: [], seed: 1 }),
    ).rejects.toMatchObject({
      code: 'not_started',
    });
    await engine.close();
  }, 60_000);
});
