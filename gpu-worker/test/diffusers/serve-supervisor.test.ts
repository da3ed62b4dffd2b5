/**
 * The TypeScript supervisor driving the real Python image server on a tiny random-weight SD 1.5 model:
 * several requests answered in order, adapters switched without reloading the base, an unknown adapter
 * and malformed input refused while the server keeps serving, and a server killed under a request:
 * that request is reported (never lost or left waiting) and the next one gets a fresh server.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createLogger } from '@style-license/platform/logger';
import { loadWorkerConfig } from '../../src/config';
import { createDiffusersEngine, pythonEnv, type DiffusersEngine } from '../../src/engines/diffusers/index';
import { DiffusersEngineError } from '../../src/engines/diffusers/errors';
import { makeTrainingSet } from '../../src/testing';
import { diffusersTestEnv, testPython } from '../../src/testing/python';

const logger = createLogger({ name: 'diffusers-test', level: 'silent', pretty: false });
let env: Record<string, string>;
let engine: DiffusersEngine;
let adapterA: Buffer;
let adapterB: Buffer;

beforeAll(async () => {
  env = await diffusersTestEnv('sd15');
  const config = loadWorkerConfig({ NODE_ENV: 'test', WORKER_ENGINES: 'diffusers-lora', ...env });
  engine = createDiffusersEngine(config, logger);
  // Two styles trained by the engine itself (a few steps each): two real adapters to switch between.
  const [ember, neon] = await Promise.all([
    makeTrainingSet('ember', 10, { size: 96 }),
    makeTrainingSet('neon', 10, { size: 96 }),
  ]);
  adapterA = await engine.train(ember, () => {}, { styleId: '11111111-1111-4111-8111-111111111111' });
  adapterB = await engine.train(neon, () => {}, { styleId: '22222222-2222-4222-8222-222222222222' });
}, 240_000);

afterAll(() => engine?.close());

const request = (seed: number) => ({
  styleId: '11111111-1111-4111-8111-111111111111',
  text: 'a lighthouse at dusk',
  tags: ['landscape'],
  seed,
});

describe('the diffusers image server under its supervisor', () => {
  it('answers several requests in order and switches adapters without restarting', async () => {
    const [a1, b1, a2, a3] = await Promise.all([
      engine.generate(adapterA, request(5)),
      engine.generate(adapterB, request(5)),
      engine.generate(adapterA, request(5)),
      engine.generate(adapterA, request(6)),
    ]);
    for (const png of [a1, b1, a2, a3]) {
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 64, 64]);
    }
    // One seed, one adapter: the same image; another adapter or seed: another image.
    expect(a2.equals(a1!)).toBe(true);
    expect(b1!.equals(a1!)).toBe(false);
    expect(a3!.equals(a1!)).toBe(false);
    expect(engine.server.starts()).toBe(1);
  }, 120_000);

  it('refuses an adapter file that does not exist and keeps serving', async () => {
    const refused = engine.server.render({
      adapter: '/nonexistent/style.safetensors',
      prompt: 'x',
      seed: 1,
      steps: 2,
      guidance: 7,
      width: 64,
      height: 64,
    });
    await expect(refused).rejects.toMatchObject({ code: 'adapter_not_found', permanent: false });
    const after = await engine.generate(adapterA, request(5));
    expect((await sharp(after).metadata()).format).toBe('png');
    expect(engine.server.starts()).toBe(1);
  }, 60_000);

  it('refuses bad parameters and a file that is not an adapter, for good', async () => {
    const bad = engine.server.render({
      adapter: null,
      prompt: 'x',
      seed: 1,
      steps: 2,
      guidance: 7,
      width: 65,
      height: 64,
    });
    await expect(bad).rejects.toMatchObject({ code: 'bad_request', permanent: true });
    const notAnAdapter = engine.generate(Buffer.from('not a safetensors file'), request(1));
    await expect(notAnAdapter).rejects.toMatchObject({ code: 'adapter_invalid', permanent: true });
    expect(engine.server.starts()).toBe(1);
  }, 60_000);

  it('reports the request a killed server was working on, and serves the next from a new one', async () => {
    await engine.server.info();
    const pid = engine.server.pid()!;
    const interrupted = engine.generate(adapterB, request(9));
    // Killed while the request is on its way or rendering: either way it must settle, as crashed.
    setTimeout(() => process.kill(pid, 'SIGKILL'), 50);
    const error = await interrupted.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DiffusersEngineError);
    expect(error).toMatchObject({ code: 'crashed', permanent: false });
    const next = await engine.generate(adapterB, request(9));
    expect((await sharp(next).metadata()).format).toBe('png');
    expect(engine.server.starts()).toBe(2);
    expect(engine.server.pid()).not.toBe(pid);
  }, 120_000);
});

describe('the serve protocol on the wire', () => {
  it('answers malformed JSON and a request without an id with errors, then keeps serving', async () => {
    const child = spawn(testPython(), ['-m', 'style_lora', 'serve', '--base', env.BASE_MODEL_PATH!], {
      env: pythonEnv(),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
    try {
      expect(await next()).toMatchObject({ event: 'ready', arch: 'sd15' });
      child.stdin.write('{"id": "a", this is not json\n');
      expect(await next()).toMatchObject({ id: null, ok: false, error: { code: 'invalid_json' } });
      child.stdin.write(`${JSON.stringify({ id: 'b', adapter: null, prompt: 'x', seed: 1 })}\n`);
      expect(await next()).toMatchObject({ id: 'b', ok: false, error: { code: 'bad_request' } });
      const good = {
        id: 'c',
        adapter: null,
        prompt: 'x',
        seed: 1,
        steps: 2,
        guidance: 7,
        width: 64,
        height: 64,
      };
      child.stdin.write(`${JSON.stringify(good)}\n`);
      const answer = await next();
      expect(answer).toMatchObject({ id: 'c', ok: true });
      const png = Buffer.from(answer.png as string, 'base64');
      expect((await sharp(png).metadata()).format).toBe('png');
      child.stdin.end();
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
