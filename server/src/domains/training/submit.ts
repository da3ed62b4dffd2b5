/**
 * Submitting a style for training: allowed with 10–100 accepted images, from draft, failed or ready
 * (retraining), by an artist who has a signature (training's sample images are signed with it, like
 * every image made from a style), when no run of the style is live. A first run shows the style
 * "queued"; a retrain leaves a ready style ready, its current version on sale until the new one is
 * (training/events.ts). Only with the artist's attestation that they own the rights to the set
 * (attestation.ts). The job row, the attestation, the style update and the outbox message are one
 * transaction.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@style-license/db';
import {
  AppError,
  JOB_TYPES,
  TRAINING_IMAGES,
  jobQueueName,
  type TrainingRequested,
} from '@style-license/shared';
import type { ServerDeps } from '../../deps';
import { enqueue } from '../../messaging/outbox';
import { assertAttested, recordAttestation, type RightsAttestation } from './attestation';
import { imagesWithTags } from './images';
import { hasLiveRun } from './runs';
import { loadOwnStyle } from './style-access';

const { artistProfiles, styles, trainingImages, trainingJobs, users } = schema;
const SUBMITTABLE = ['draft', 'failed', 'ready'] as const;

/**
 * What the samples are signed with, as it is now: the job carries it, so a signature replaced while the
 * job waits changes nothing (signature objects are never overwritten or deleted).
 */
async function signingIdentity(tx: Db, artistId: string) {
  const [row] = await tx
    .select({ signatureKey: artistProfiles.signatureKey, artistName: users.displayName })
    .from(users)
    .innerJoin(artistProfiles, eq(artistProfiles.userId, users.id))
    .where(eq(users.id, artistId));
  if (!row) {
    throw new AppError(
      'CONFLICT',
      'Add your signature before training: the style’s samples are signed with it',
      {
        details: [{ path: 'signature', rule: 'no_signature', message: 'No signature on file' }],
      },
    );
  }
  return row;
}

export async function submitForTraining(
  deps: Pick<ServerDeps, 'database'>,
  artistId: string,
  styleId: string,
  attestation: RightsAttestation,
  requestId?: string,
): Promise<{ jobId: string }> {
  assertAttested(attestation);
  return deps.database.db.transaction(async (tx) => {
    const style = await loadOwnStyle(tx, artistId, styleId, true);
    if (!(SUBMITTABLE as readonly string[]).includes(style.status)) {
      throw new AppError('CONFLICT', `A ${style.status} style cannot be submitted for training`);
    }
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(trainingImages)
      .where(eq(trainingImages.styleId, styleId));
    if (n < TRAINING_IMAGES.min || n > TRAINING_IMAGES.max) {
      throw new AppError('VALIDATION_FAILED', `Training needs 10 to 100 images; this style has ${n}`, {
        details: [{ path: 'images', rule: 'image_count', message: `${n} accepted images` }],
      });
    }
    // Under the style's row lock, so two submits cannot both start a run.
    if (await hasLiveRun(tx, styleId)) throw new AppError('CONFLICT', 'The style is already being trained');
    const identity = await signingIdentity(tx, artistId);
    const [job] = await tx.insert(trainingJobs).values({ styleId, engine: style.engine }).returning();
    const images = await imagesWithTags(tx, styleId);
    const run = { trainingJobId: job!.id, styleId, artistId, imageSha256s: images.map((i) => i.sha256) };
    await recordAttestation(tx, run, attestation);
    await tx
      .update(styles)
      .set({
        // A style with a version stays on sale while it retrains (also one whose earlier retrain failed).
        status: style.currentVersion !== null ? 'ready' : 'queued',
        progress: 0,
        failureCode: null,
        failureReason: null,
        failureSeconds: null,
        updatedAt: new Date(),
      })
      .where(and(eq(styles.id, styleId), inArray(styles.status, [...SUBMITTABLE])));
    const payload: TrainingRequested = {
      jobId: job!.id,
      styleId,
      engine: style.engine,
      images: images.map((image) => ({ key: image.trainingKey!, tags: image.tags })),
      signatureKey: identity.signatureKey,
      artistName: identity.artistName,
      styleName: style.name,
    };
    await enqueue(tx, {
      queue: jobQueueName('model_training', style.engine),
      type: JOB_TYPES.trainingRequested,
      payload,
      requestId,
    });
    return { jobId: job!.id };
  });
}
