import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/stops-on-signals.ts');

function run(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', () => output.includes('ready') && resolve()),
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

describe('stopping on signals', () => {
  it('runs one orderly stop however many signals arrive, then exits 0', async () => {
    const proc = run();
    await proc.ready;
    proc.child.kill('SIGTERM');
    proc.child.kill('SIGINT');
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output().match(/stopping/g)).toHaveLength(1);
    expect(proc.output()).toContain('stopped');
  });

  it('exits 1 when the stop hangs past its time limit', async () => {
    const proc = run({ HANG: '1', TIMEOUT_MS: '500' });
    await proc.ready;
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('fixture did not stop within 0.5 s');
  });
});
