// The artists API: applying, the signature (upload, replace, a short-lived link), the public artist page.
// Every refused signature upload is logged at warn with the rule it broke, whichever layer refused it.
import {
  applyAsArtistSchema,
  artistIdSchema,
  artistPageSchema,
  artistProfileSchema,
  replaceSignatureSchema,
  signatureUrlSchema,
} from '@style-license/shared';
import { toErrorBody } from '../../trpc/errors';
import { middleware, router } from '../../trpc/init';
import { artistProcedure, authedProcedure, publicProcedure } from '../../trpc/procedures';
import { applyAsArtist, getArtistPage, replaceSignature, signatureUrl } from './service';

/**
 * Sits before input parsing, so it sees both the schema's refusals (too long, wrong extension) and the
 * decoder's (not really a PNG, a bomb): bad uploads are worth a warning, as probes or broken clients.
 * A refusal of the application's other fields (a name) is the form's everyday feedback, not a warning.
 */
const warnOnRefusedUpload = middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (!result.ok) {
    const body = toErrorBody(result.error);
    const aboutSignature = body.details?.some((detail) => detail.path?.startsWith('signature')) ?? false;
    if (body.code === 'VALIDATION_FAILED' && aboutSignature) {
      ctx.log.warn({ path, userId: ctx.auth?.user.id, details: body.details }, 'signature upload refused');
    }
  }
  return result;
});

export const artistsRouter = router({
  /** Becoming an artist. (Not `apply`: tRPC reserves the names of Function.prototype's members.) */
  submitApplication: authedProcedure
    .use(warnOnRefusedUpload)
    .input(applyAsArtistSchema)
    .output(artistProfileSchema)
    .mutation(({ ctx, input }) => applyAsArtist(ctx.deps, ctx.auth.user, input)),

  /** Answers with a link to the new signature, so the settings page can show it at once. */
  replaceSignature: artistProcedure
    .use(warnOnRefusedUpload)
    .input(replaceSignatureSchema)
    .output(signatureUrlSchema)
    .mutation(async ({ ctx, input }) => {
      const { signatureKey } = await replaceSignature(ctx.deps, ctx.auth.user, input);
      return signatureUrl(ctx.deps, ctx.auth.user.id, signatureKey);
    }),

  mySignatureUrl: artistProcedure
    .output(signatureUrlSchema)
    .query(({ ctx }) => signatureUrl(ctx.deps, ctx.auth.user.id)),

  page: publicProcedure
    .input(artistIdSchema)
    .output(artistPageSchema)
    .query(({ ctx, input }) =>
      getArtistPage(ctx.deps.database.db, ctx.auth?.user.id ?? null, input.artistId),
    ),
});
