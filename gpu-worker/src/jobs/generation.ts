/**
 * The generation consumer: loads the style's model (through the worker's artifact cache), generates
 * with the engine, signs the image in memory (signature overlay + license metadata), uploads the WebP
 * preview and then the signed PNG, and reports the result on job_events with the request id.
 * Invariants: the engine's unsigned image never leaves this process (only signed bytes are uploaded);
 * the PNG is written last at a key derived from the generation, so a redelivery that finds it only
 * reports completion again, with the stored file's hash; a job picked up after its deadline is reported
 * expired without rendering; failures are handled as for every job (attempt-failure.ts).
 */
import { createHash } from 'node:crypto';
import {
  GENERATION_JOB_TYPES,
  generationFailedSchema,
  generationKeys,
  generationRequestedSchema,
  type GenerationRequested,
} from '@style-license/shared';
import { publishJobEvent } from '../events';
import { handleAttemptFailure, type FailureReport } from './attempt-failure';
import type { JobHandler, WorkerDeps } from '../worker';
import { assertEngineFor, type StyleEngine } from '../engines/engine';
import {
  createArtifactCache,
  createLruCache,
  type ArtifactCache,
  type LruCache,
} from '../engines/artifact-cache';
import { loadCredentialSigner, type CredentialSigner } from '@style-license/platform/content-credentials';
import { markKeyOf } from '@style-license/platform/license-mark';
import { copyrightYearOf, signGeneratedImage, type SignatureLayer } from '../signing';

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

/** With the license the file was signed with: the server records exactly that. */
async function reportCompleted(
  deps: WorkerDeps,
  job: GenerationRequested,
  png: Uint8Array,
  requestId?: string,
) {
  const { generationId, license } = job;
  const keys = generationKeys(generationId);
  await publishJobEvent(
    deps.queue,
    GENERATION_JOB_TYPES.completed,
    { generationId, imageKey: keys.image, previewKey: keys.preview, sha256: sha256(png), license },
    requestId,
  );
}

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

  // Read once, on the first image: configuration has already checked the files at startup.
  let signer: CredentialSigner | undefined;
  const credentialSigner = (config: WorkerDeps['config']) => (signer ??= loadCredentialSigner(config));

  async function generateAndStore(deps: WorkerDeps, job: GenerationRequested, createdAt: string) {
    const keys = generationKeys(job.generationId);
    const [artifact, signature] = await Promise.all([
      artifacts.get(job.artifactKey, (key) => deps.storage.get(key)),
      signatures.get(job.signatureKey, (key) => deps.storage.get(key)),
    ]);
    // Unsigned: held only in this scope, handed to the signer, never stored, logged or published.
    const unsigned = await engine.generate(artifact, {
      styleId: job.styleId,
      text: job.text,
      tags: job.tags,
      seed: job.seed,
    });
    const signed = await signGeneratedImage(
      {
        image: unsigned,
        signature,
        // From when the request was made, so every attempt writes the same metadata.
        meta: { ...job.license, year: copyrightYearOf(createdAt) },
      },
      { layers, markKey: markKeyOf(deps.config), credentials: credentialSigner(deps.config) },
    );
    await deps.storage.put(keys.preview, signed.webp, { contentType: 'image/webp' });
    // Last: its existence is what marks the generation as done for a redelivery.
    await deps.storage.put(keys.image, signed.png, { contentType: 'image/png' });
    return signed.png;
  }

  /** A refunded generation should leave nothing behind: drop a preview whose PNG never landed. */
  async function removeOrphanPreview(deps: WorkerDeps, generationId: string) {
    const keys = generationKeys(generationId);
    if (!(await deps.storage.head(keys.image))) await deps.storage.delete(keys.preview);
  }

  return async (delivery, deps) => {
    const { envelope } = delivery;
    const { log } = deps;
    const generationId = generationIdOf(envelope.payload);
    const report = (failure: FailureReport) =>
      publishJobEvent(
        deps.queue,
        GENERATION_JOB_TYPES.failed,
        { generationId, ...failure },
        envelope.requestId,
      );
    try {
      // Parsed inside the try: a malformed request that names its generation is still reported failed.
      const job = generationRequestedSchema.parse(envelope.payload);
      assertEngineFor(engine, job);
      // First, before touching storage: the buyer is (or is about to be) refunded, so neither rendering
      // nor waiting out a store outage helps anyone now; the server removes whatever an earlier try left.
      if (job.deadline && Date.now() >= Date.parse(job.deadline)) {
        log.info({ generationId: job.generationId, deadline: job.deadline }, 'generation expired unrendered');
        return void (await report({
          code: 'expired',
          detail: `picked up after its deadline ${job.deadline}`,
        }));
      }
      const keys = generationKeys(job.generationId);
      if (await deps.storage.head(keys.image)) {
        log.info({ generationId: job.generationId }, 'generation already stored; reporting it again');
        const stored = await deps.storage.get(keys.image);
        return await reportCompleted(deps, job, stored, envelope.requestId);
      }
      // Not awaited first: the broker's confirm of "started" overlaps the generation itself.
      const started = publishJobEvent(
        deps.queue,
        GENERATION_JOB_TYPES.started,
        { generationId: job.generationId, attempt: delivery.attempt },
        envelope.requestId,
      );
      const [png] = await Promise.all([generateAndStore(deps, job, envelope.createdAt), started]);
      await reportCompleted(deps, job, png, envelope.requestId);
      log.info({ generationId: job.generationId, bytes: png.length }, 'generation signed and stored');
    } catch (error) {
      return handleAttemptFailure(error, delivery, {
        log: log.child({ generationId }),
        report: generationId ? report : undefined,
        cleanUp: generationId ? () => removeOrphanPreview(deps, generationId) : undefined,
      });
    }
  };
}
