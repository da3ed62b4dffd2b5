import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Logs from a real child process, so the test sees exactly what an operator's log shipper would. */
function logOnce(pretty: boolean): string {
  const script = `
    import { createLogger } from '@style-license/platform/logger';
    const log = createLogger({ name: 'probe', level: 'info', pretty: ${pretty} });
    log.child({ requestId: 'req-7' }).info({ job: 'train' }, 'job queued');
    log.debug('hidden below the level');`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('logger', () => {
  it('writes one JSON object per line in production, carrying the request id', () => {
    const lines = logOnce(false).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      name: 'probe',
      requestId: 'req-7',
      job: 'train',
      msg: 'job queued',
    });
  });

  it('writes human-readable lines in development', () => {
    const out = logOnce(true);
    expect(out).toMatch(/INFO \(probe\/\d+\): job queued/);
    expect(out).toContain('requestId: "req-7"');
    expect(() => JSON.parse(out.trim().split('\n')[0]!)).toThrow();
  });
});
