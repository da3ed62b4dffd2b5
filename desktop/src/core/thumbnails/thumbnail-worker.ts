/**
 * A thumbnail build worker (node:worker_threads): reads one source file, checks it is still the content
 * the cache was asked for, and writes a WebP thumbnail by rename. One job at a time; a failed job
 * leaves no file behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import type { BuildJob, BuildOutcome } from './protocol';

const WEBP = { quality: 80, effort: 2 } as const;

async function build(job: BuildJob): Promise<BuildOutcome> {
  const fail = (reason: 'corrupt' | 'changed' | 'missing', message: string): BuildOutcome => ({
    jobId: job.jobId,
    ok: false,
    reason,
    message,
  });
  let bytes: Buffer;
  try {
    bytes = await readFile(job.sourcePath);
  } catch (error) {
    return fail('missing', (error as Error).message);
  }
  // Keyed by content: a thumbnail filed under a hash must be of those bytes, or a later file with that
  // hash would show a stale picture.
  if (createHash('sha256').update(bytes).digest('hex') !== job.sha256)
    return fail('changed', 'the file changed since it was catalogued');
  let thumbnail: Buffer;
  try {
    // failOn 'warning': a truncated file is corrupt here as in the catalog, not a half-grey thumbnail.
    thumbnail = await sharp(bytes, { failOn: 'warning' })
      .rotate()
      .resize(job.size, job.size, { fit: 'inside', withoutEnlargement: true })
      .webp(WEBP)
      .toBuffer();
  } catch (error) {
    return fail('corrupt', (error as Error).message);
  }
  await mkdir(dirname(job.outputPath), { recursive: true });
  const partial = `${job.outputPath}.${randomUUID()}.partial`;
  try {
    await writeFile(partial, thumbnail);
    await rename(partial, job.outputPath);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { jobId: job.jobId, ok: true, byteSize: thumbnail.length };
}

parentPort!.on('message', (job: BuildJob) => {
  // An unexpected error (disk full, permissions on the cache) ends the worker: the pool reports the job
  // as failed and starts a fresh worker.
  void build(job).then((outcome) => parentPort!.postMessage(outcome));
});
