/**
 * What the diffusers engine's tests need from Python: the interpreter `npm test` set up (TEST_PYTHON),
 * tiny random-weight base models built offline by the package itself (once per machine and version of
 * the fixture code, reused by every test file), and a worker configuration pointing at them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON_PACKAGE_DIR, pythonEnv } from '../engines/diffusers/index';

export function testPython(): string {
  const python = process.env.TEST_PYTHON;
  if (!python)
    throw new Error('TEST_PYTHON is not set: run the suites through `npm test`, which builds the venv');
  return python;
}

/** A tiny SD 1.5 or SDXL pipeline folder with seeded random weights, built by `style_lora tiny`. */
export async function tinyBaseModel(arch: 'sd15' | 'sdxl'): Promise<string> {
  // Keyed by the fixture's source, so a change to it builds a new model instead of reusing a stale one.
  const source = readFileSync(join(PYTHON_PACKAGE_DIR, 'style_lora', 'fixtures.py'));
  const version = createHash('sha256').update(source).digest('hex').slice(0, 10);
  const dir = join(tmpdir(), `sl-tiny-${arch}-${version}`);
  if (existsSync(join(dir, 'model_index.json'))) return dir;
  const staging = await mkdtemp(join(tmpdir(), `sl-tiny-${arch}-building-`));
  const built = spawnSync(testPython(), ['-m', 'style_lora', 'tiny', '--arch', arch, '--out', staging], {
    env: pythonEnv(),
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`style_lora tiny failed: ${built.stderr}`);
  // Moved into place whole: a concurrent test file finds either nothing or a complete model.
  await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, 'model_index.json'))) throw error;
  });
  return dir;
}

/** Worker settings for the tiny model: a few 64×64 steps, so a CPU runs the whole engine in seconds. */
export async function diffusersTestEnv(arch: 'sd15' | 'sdxl' = 'sd15'): Promise<Record<string, string>> {
  return {
    BASE_MODEL_PATH: await tinyBaseModel(arch),
    DIFFUSERS_PYTHON: testPython(),
    DIFFUSERS_WORK_DIR: await mkdtemp(join(tmpdir(), 'sl-diffusers-work-')),
    DIFFUSERS_STEPS: '2',
    DIFFUSERS_IMAGE_SIZE: '64',
    DIFFUSERS_TRAINING_STEPS: '3',
    DIFFUSERS_TRAINING_RESOLUTION: '64',
  };
}
