/**
 * The generation consumer: loads the style's model (through the worker's artifact cache), generates
 * with the engine, signs the image in memory (signature overlay + license metadata), uploads the WebP
 * preview and then the signed PNG, and reports the result on job_events with the request id.
 * Invariants: the engine's unsigned image never leaves this process (only signed bytes are uploaded);
 * the PNG is written last at a key derived from the generation, so a redelivery that finds it only
 * reports completion again, with the stored file's hash; on the last allowed attempt a failure is
 * reported (the server refunds on it) before the message is dead-lettered.
 */
import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import {
  GENERATION_JOB_TYPES,
  generationFailedSchema,
  generationKeys,
  generationRequestedSchema,
  type GenerationRequested,
} from '@style-license/shared';
import { publishJobEvent } from '../events';
import type { JobHandler, WorkerDeps } from '../worker';
import type { StyleEngine } from '../engines/engine';
import {
  createArtifactCache,
  createLruCache,
  type ArtifactCache,
  type LruCache,
} from '../engines/artifact-cache';
import { signGeneratedImage, type SignatureLayer } from '../signing';

export interface GenerationCaches {
  /** Signature PNGs by storage key: a bought image's signature key never changes content. */
  signatures?: LruCache<Buffer>;
  /** Built signature overlays by signature content and image size. */
  layers?: LruCache<SignatureLayer>;
}

const SIGNATURE_CACHE_BYTES = 16 * 1024 * 1024;
const LAYER_CACHE_BYTES = 32 * 1024 * 1024;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The generation a payload names, even when the rest of it is malformed: the server refunds by it. */
function generationIdOf(payload: unknown): string | undefined {
  const id = (payload as { generationId?: unknown } | null)?.generationId;
  return generationFailedSchema.shape.generationId.safeParse(id).success ? (id as string) : undefined;
}

async function reportCompleted(deps: WorkerDeps, generationId: string, png: Uint8Array, requestId?: string) {
  const keys = generationKeys(generationId);
  await publishJobEvent(
    deps.queue,
    GENERATION_JOB_TYPES.completed,
    { generationId, imageKey: keys.image, previewKey: keys.preview, sha256: sha256(png) },
    requestId,
  );
}

/** Copyright year from when the request was made, so every attempt writes the same metadata. */
const yearOf = (createdAt: string) => new Date(createdAt).getUTCFullYear();

export function generationHandler(
  engine: StyleEngine,
  artifacts: ArtifactCache = createArtifactCache(),
  caches: GenerationCaches = {},
): JobHandler {
  const signatures =
    caches.signatures ?? createLruCache<Buffer>({ maxCost: SIGNATURE_CACHE_BYTES, costOf: (b) => b.length });
  const layers =
    caches.layers ??
    createLruCache<SignatureLayer>({
      maxCost: LAYER_CACHE_BYTES,
      costOf: (layer) => layer.premultiplied.byteLength,
    });

  async function generateAndStore(deps: WorkerDeps, job: GenerationRequested, createdAt: string) {
    const keys = generationKeys(job.generationId);
    const [artifact, signature] = await Promise.all([
      artifacts.get(job.artifactKey, (key) => deps.storage.get(key)),
      signatures.get(job.signatureKey, (key) => deps.storage.get(key)),
    ]);
    // Unsigned: held only in this scope, handed to the signer, never stored, logged or published.
    const unsigned = await engine.generate(artifact, { tags: job.tags, seed: job.seed });
    const signed = await signGeneratedImage(
      {
        image: unsigned,
        signature,
        meta: {
          artistName: job.artistName,
          styleName: job.styleName,
          licenseId: job.licenseId,
          licenseUrl: job.licenseUrl,
          year: yearOf(createdAt),
        },
      },
      { layers },
    );
    await deps.storage.put(keys.preview, signed.webp, { contentType: 'image/webp' });
    // Last: its existence is what marks the generation as done for a redelivery.
    await deps.storage.put(keys.image, signed.png, { contentType: 'image/png' });
    return signed.png;
  }

  /** A refunded generation should leave nothing behind: drop a preview whose PNG never landed. */
  async function removeOrphanPreview(deps: Parameters<JobHandler>[1], generationId: string) {
    const keys = generationKeys(generationId);
    try {
      if (!(await deps.storage.head(keys.image))) await deps.storage.delete(keys.preview);
    } catch (error) {
      deps.log.warn({ err: error, generationId }, 'could not remove the preview of a failed generation');
    }
  }

  return async (delivery, deps) => {
    const { envelope } = delivery;
    const { log } = deps;
    try {
      // Parsed inside the try: a malformed request that names its generation is still reported failed.
      const job = generationRequestedSchema.parse(envelope.payload);
      const keys = generationKeys(job.generationId);
      if (await deps.storage.head(keys.image)) {
        log.info({ generationId: job.generationId }, 'generation already stored; reporting it again');
        const stored = await deps.storage.get(keys.image);
        return await reportCompleted(deps, job.generationId, stored, envelope.requestId);
      }
      // Not awaited first: the broker's confirm of "started" overlaps the generation itself.
      const started = publishJobEvent(
        deps.queue,
        GENERATION_JOB_TYPES.started,
        { generationId: job.generationId, attempt: delivery.attempt },
        envelope.requestId,
      );
      const [png] = await Promise.all([generateAndStore(deps, job, envelope.createdAt), started]);
      await reportCompleted(deps, job.generationId, png, envelope.requestId);
      log.info({ generationId: job.generationId, bytes: png.length }, 'generation signed and stored');
    } catch (error) {
      const generationId = generationIdOf(envelope.payload);
      log.warn({ err: error, attempt: delivery.attempt, generationId }, 'generation attempt failed');
      if (delivery.isLastAttempt && generationId) {
        await removeOrphanPreview(deps, generationId);
        // A schema error's message is a JSON dump; the reason reaches the buyer's notification.
        const message =
          error instanceof ZodError
            ? 'the request was malformed'
            : error instanceof Error
              ? error.message
              : String(error);
        const reason = `Generation failed after ${delivery.attempt} attempts: ${message}`;
        await publishJobEvent(
          deps.queue,
          GENERATION_JOB_TYPES.failed,
          { generationId, reason: reason.slice(0, 500) },
          envelope.requestId,
        );
      }
      throw error;
    }
  };
}
