import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCandidateImages } from '../src/core/training-set';

describe('listCandidateImages', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'studio-'));
    await mkdir(join(dir, 'sketches', 'old'), { recursive: true });
    await mkdir(join(dir, '.cache'));
    for (const f of [
      'b.PNG',
      'a.jpg',
      'notes.txt',
      'sketches/c.jpeg',
      'sketches/old/d.png',
      '.cache/e.png',
      '.hidden.jpg',
    ])
      await writeFile(join(dir, f), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds JPEG and PNG files recursively, any extension case, skipping hidden entries and other files', async () => {
    const found = (await listCandidateImages(dir)).map((p) => p.slice(dir.length + 1));
    expect(found).toEqual(['a.jpg', 'b.PNG', 'sketches/c.jpeg', 'sketches/old/d.png']);
  });
});
