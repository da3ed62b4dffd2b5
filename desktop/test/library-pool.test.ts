import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectPool } from '../src/core/library';
import { renderTestImage } from '../src/core/library/test-images';

describe('inspect pool', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pool-'));
    await writeFile(
      join(dir, 'a.webp'),
      await renderTestImage({ format: 'webp', width: 40, height: 30, seed: 1 }),
    );
    await writeFile(join(dir, 'notes.md'), '# not an image');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers each request once, in worker threads: image, ignored file, vanished file', async () => {
    const pool = new InspectPool({ size: 2, idleMs: 50 });
    try {
      const [image, ignored, gone] = await Promise.all([
        pool.inspect(join(dir, 'a.webp')),
        pool.inspect(join(dir, 'notes.md')),
        pool.inspect(join(dir, 'never-there.png')),
      ]);
      expect(image).toMatchObject({
        kind: 'image',
        image: { format: 'webp', width: 40, height: 30, corrupt: false },
      });
      expect(ignored).toMatchObject({ kind: 'ignored', file: { path: join(dir, 'notes.md'), byteSize: 14 } });
      expect(gone).toEqual({ kind: 'gone', path: join(dir, 'never-there.png') });
      expect(pool.filesRead).toBe(3);
      // Idle workers are released, and started again for the next file.
      await new Promise((done) => setTimeout(done, 200));
      expect(await pool.inspect(join(dir, 'a.webp'))).toMatchObject({ kind: 'image' });
    } finally {
      await pool.close();
    }
  });

  it('a closed pool refuses new work and rejects what was waiting', async () => {
    const pool = new InspectPool({ size: 1, perWorker: 1 });
    const waiting = Array.from({ length: 5 }, () => pool.inspect(join(dir, 'a.webp')).catch((e: Error) => e));
    await pool.close();
    const settled = await Promise.all(waiting);
    expect(settled.every((result) => result instanceof Error)).toBe(true);
    await expect(pool.inspect(join(dir, 'a.webp'))).rejects.toThrow(/closed/);
  });
});
