/**
 * Playing the worker's part for license tests: read the job a purchase wrote to the outbox, sign an image
 * with it exactly as the worker does, store it and apply the completion event with the license the file
 * was signed with, as the job-events consumer would (without its processed-event record).
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { schema } from '@style-license/db';
import { signGeneratedImage } from '@style-license/gpu-worker';
import {
  GENERATION_JOB_TYPES,
  generationRequestedSchema,
  type GenerationRequested,
  type LicenseGrant,
} from '@style-license/shared';
import { generationEventHandlers } from '../src/domains/generation/events';
import type { TestServerDeps } from './support';

/** The generation job a purchase enqueued, as the worker receives it. */
export async function requestedJob(deps: TestServerDeps, generationId: string): Promise<GenerationRequested> {
  const [row] = await deps.database.db
    .select({ payload: schema.outbox.payload })
    .from(schema.outbox)
    .where(
      and(
        eq(schema.outbox.type, GENERATION_JOB_TYPES.requested),
        sql`${schema.outbox.payload}->>'generationId' = ${generationId}`,
      ),
    );
  return generationRequestedSchema.parse(row!.payload);
}

const SIGNATURE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160"><path d="M10 120 C 60 10, 200 150, 470 60" ' +
  'fill="none" stroke="#1a1a2e" stroke-width="14" stroke-linecap="round"/></svg>';

/** What a worker makes for the job: the signed PNG and WebP preview (a flat image stands in for the engine's unless given). */
export async function signedAsWorker(job: GenerationRequested, year: number, engineImage?: Buffer) {
  const [image, signature] = await Promise.all([
    engineImage ??
      sharp({ create: { width: 256, height: 256, channels: 3, background: '#7a8fa6' } })
        .png()
        .toBuffer(),
    sharp(Buffer.from(SIGNATURE_SVG)).ensureAlpha().png().toBuffer(),
  ]);
  return signGeneratedImage({ image, signature, meta: { ...job.license, year } });
}

/** The signed PNG a worker makes for the job. */
export async function signAsWorker(
  job: GenerationRequested,
  year: number,
  engineImage?: Buffer,
): Promise<Buffer> {
  return (await signedAsWorker(job, year, engineImage)).png;
}

export async function applyJobEvent(deps: TestServerDeps, type: string, payload: unknown) {
  const handler = generationEventHandlers(deps.database.db, deps.logger, deps.storage, 600)[type]!;
  if (typeof handler === 'function') return deps.database.db.transaction((tx) => handler(tx, payload));
  const prepared = await handler.prepare(payload);
  return deps.database.db.transaction((tx) => handler.apply(tx, payload, prepared));
}

/** Stores the file and reports it completed with `license` (the job's own unless a test says otherwise). */
export async function completeWith(
  deps: TestServerDeps,
  generationId: string,
  file: Buffer,
  license: LicenseGrant | undefined,
) {
  await deps.storage.put(`generations/${generationId}.png`, file);
  await applyJobEvent(deps, GENERATION_JOB_TYPES.completed, {
    generationId,
    imageKey: `generations/${generationId}.png`,
    previewKey: `generations/${generationId}.webp`,
    sha256: createHash('sha256').update(file).digest('hex'),
    ...(license ? { license } : {}),
  });
}
