// The training API (artist only): upload images in batches, list them, submit the style for training.
import { desc, eq } from 'drizzle-orm';
import { schema } from '@style-license/db';
import {
  confirmUploadsSchema,
  requestUploadsSchema,
  styleRefSchema,
  submitTrainingSchema,
} from '@style-license/shared';
import { router } from '../../trpc/init';
import { artistProcedure } from '../../trpc/procedures';
import { imagesWithTags } from './images';
import { liveEstimate } from './runs';
import { loadOwnStyle } from './style-access';
import { submitForTraining } from './submit';
import { confirmUploads, requestUploads } from './uploads';

const { trainingJobs } = schema;
const THUMB_URL_SECONDS = 10 * 60;

export const trainingRouter = router({
  requestUploads: artistProcedure
    .input(requestUploadsSchema)
    .mutation(({ ctx, input }) => requestUploads(ctx.deps, ctx.auth.user.id, input)),

  confirmUploads: artistProcedure
    .input(confirmUploadsSchema)
    .mutation(({ ctx, input }) => confirmUploads(ctx.deps, ctx.auth.user.id, input, { ip: ctx.req.ip })),

  /** The style's accepted images with their tags and private thumbnail links. */
  images: artistProcedure.input(styleRefSchema).query(async ({ ctx, input }) => {
    const { db } = ctx.deps.database;
    await loadOwnStyle(db, ctx.auth.user.id, input.styleId);
    const rows = await imagesWithTags(db, input.styleId);
    return Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        fileName: row.originalName,
        width: row.width,
        height: row.height,
        format: row.format,
        tags: row.tags,
        thumbnailUrl: await ctx.deps.storage.presignGet(row.thumbnailKey!, {
          expiresInSeconds: THUMB_URL_SECONDS,
        }),
      })),
    );
  }),

  /** Requires `rightsAttested: true`, recorded with the run (time, address, client). */
  submit: artistProcedure.input(submitTrainingSchema).mutation(({ ctx, input }) =>
    submitForTraining(
      ctx.deps,
      ctx.auth.user.id,
      input.styleId,
      {
        rightsAttested: input.rightsAttested,
        ip: ctx.req.ip,
        userAgent: ctx.req.headers['user-agent'] ?? null,
      },
      ctx.requestId,
    ),
  ),

  /** The version on sale and the latest training job: status, progress and the reason when it failed. */
  status: artistProcedure.input(styleRefSchema).query(async ({ ctx, input }) => {
    const { db } = ctx.deps.database;
    const style = await loadOwnStyle(db, ctx.auth.user.id, input.styleId);
    const [job] = await db
      .select()
      .from(trainingJobs)
      .where(eq(trainingJobs.styleId, input.styleId))
      .orderBy(desc(trainingJobs.createdAt))
      .limit(1);
    return {
      styleStatus: style.status,
      version: style.currentVersion,
      progress: style.progress,
      failureCode: style.failureCode,
      failureReason: style.failureReason,
      failureSeconds: style.failureSeconds,
      job: job
        ? {
            id: job.id,
            status: job.status,
            attempts: job.attempts,
            progress: job.progress,
            estimatedFinishAt: liveEstimate(job),
          }
        : null,
    };
  }),
});
