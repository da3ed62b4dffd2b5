/**
 * Every operation the renderer may ask of the studio, as one table: name → handler taking unknown input.
 * Each handler validates its input with zod (here or in the core function it calls) and refuses bad input
 * with AppError before anything changes. Electron's main registers each entry on its own IPC channel; the
 * test host registers the same table over HTTP, so both run exactly this code.
 */
import { z } from 'zod';
import { AppError, parseInput } from '@style-license/shared';
import type { StudioApi, StudioOperation } from '../../bridge/studio-api';
import { absolutePathSchema, imageIdsSchema, pickSchema, ratingSchema } from '../catalog';
import { checkSelection, fixProblem, problemSchema, FIX_ACTIONS } from '../checks';
import { exportSidecars, importSidecars } from '../tags';
import { THUMBNAIL_SIZES } from '../thumbnails';
import { signInThroughBrowser } from '../session';
import { pickedImages, uploadable, withUploadCopies } from './selection';
import type { Studio } from './studio';

export type StudioHandlers = {
  [K in StudioOperation]: (input: unknown) => Promise<Awaited<ReturnType<StudioApi[K]>>>;
};

const noInput = z.union([z.undefined(), z.null(), z.strictObject({})]);
const pathInput = z.strictObject({ path: absolutePathSchema });
const idsInput = z.strictObject({ ids: imageIdsSchema });
const parse = <T extends z.ZodType>(schema: T, input: unknown) => parseInput(schema, input);

/** The images with these ids, refusing the call if any is not in the catalog (nothing half done). */
async function knownImages(studio: Studio, ids: string[]) {
  const images = await studio.catalog.get(ids);
  if (images.length !== ids.length) {
    const known = new Set(images.map((image) => image.id));
    const missing = ids.filter((id) => !known.has(id));
    throw new AppError('NOT_FOUND', `${missing.length} image(s) are not in the library`, {
      details: missing.slice(0, 20).map((id) => ({ path: 'ids', rule: 'unknown_image', message: id })),
    });
  }
  return images;
}

export function createStudioOperations(studio: Studio): StudioHandlers {
  const { catalog, library, editor, uploads } = studio;
  const platform = new URL(studio.options.platformUrl);
  const session = async () => ({ signedIn: (await studio.token()) !== null, platformUrl: platform.origin });
  /** The sign-in waiting for the browser, if any: a new one or `cancelSignIn` ends it. */
  let signingIn: AbortController | null = null;
  /** Runs the queue in the background; its outcome reaches the renderer as events. */
  const runUploads = () => void uploads.start().catch(() => undefined);

  return {
    listFolders: async (input) => (parse(noInput, input), catalog.folders()),
    pickFolder: async (input) => (parse(noInput, input), studio.options.pickFolder()),
    async addFolder(input) {
      const { path } = parse(pathInput, input);
      const report = await library.addFolder(path, {
        onProgress: (progress) => studio.emit({ kind: 'scan', progress }),
      });
      await studio.watchFolder(report.folder).catch(() => undefined);
      studio.autocomplete.invalidate();
      return report;
    },
    async rescanFolder(input) {
      const { path } = parse(pathInput, input);
      return library.rescan(path, { onProgress: (progress) => studio.emit({ kind: 'scan', progress }) });
    },
    async removeFolder(input) {
      const { path } = parse(pathInput, input);
      await studio.unwatchFolder(path);
      const removed = await library.removeFolder(path);
      studio.autocomplete.invalidate();
      return removed;
    },

    queryImages: async (input) => catalog.query(input as never),
    countImages: async (input) => catalog.count((input ?? {}) as never),
    getImages: async (input) => catalog.get(parse(idsInput, input).ids),
    async setRating(input) {
      const { ids, rating } = parse(z.strictObject({ ids: imageIdsSchema, rating: ratingSchema }), input);
      await catalog.setRating(ids, rating);
    },
    async setPick(input) {
      const { ids, pick } = parse(z.strictObject({ ids: imageIdsSchema, pick: pickSchema }), input);
      await catalog.setPick(ids, pick);
    },
    async keepThumbnails(input) {
      const { ids, size } = parse(
        z.strictObject({
          ids: z.array(z.string().max(100)).max(10_000),
          size: z.number().int().min(THUMBNAIL_SIZES.min).max(THUMBNAIL_SIZES.max),
        }),
        input,
      );
      const images = await catalog.get(ids);
      // Only the grid's size: thumbnails other panels asked for are not the grid's to cancel.
      const visible = images.map((image) => ({ sha256: image.sha256, size }));
      return { cancelled: studio.thumbnails.cancelExcept(visible, size) };
    },

    async tagCounts(input) {
      parse(noInput, input);
      const counts = await catalog.tagCounts();
      return [...counts]
        .map(([tag, count]) => ({ tag, count }))
        .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
    },
    suggestTags: async (input) => studio.autocomplete.suggest(input as never),
    addTags: async (input) => editor.addTags(input as never),
    removeTags: async (input) => editor.removeTags(input as never),
    renameTag: async (input) => editor.renameTag(input as never),
    previewFindReplace: async (input) => editor.previewFindReplace(input as never),
    findReplace: async (input) => editor.findReplace(input as never),
    setImageTags: async (input) => editor.setImageTags(input as never),
    undoTags: async (input) => (parse(noInput, input), editor.undo()),
    redoTags: async (input) => (parse(noInput, input), editor.redo()),
    tagHistory: async (input) => (parse(noInput, input), editor.steps()),
    async importSidecars(input) {
      const { ids, mode } = parse(
        z.strictObject({ ids: imageIdsSchema, mode: z.enum(['replace', 'append']).optional() }),
        input,
      );
      const images = await knownImages(studio, ids);
      return importSidecars(editor, { images: images.map(({ id, path }) => ({ id, path })), mode });
    },
    async exportSidecars(input) {
      const { ids, overwrite } = parse(
        z.strictObject({ ids: imageIdsSchema, overwrite: z.boolean().optional() }),
        input,
      );
      const images = await knownImages(studio, ids);
      return exportSidecars(catalog, { images: images.map(({ id, path }) => ({ id, path })), overwrite });
    },

    async checkPicked(input) {
      const { alreadyInStyle } = parse(
        z.strictObject({ alreadyInStyle: z.number().int().min(0).max(10_000).optional() }),
        input ?? {},
      );
      const images = withUploadCopies(studio, await pickedImages(catalog));
      return checkSelection({ images, alreadyInStyle });
    },
    async fixProblem(input) {
      const { problem, action } = parse(
        z.strictObject({ problem: problemSchema, action: z.enum(FIX_ACTIONS) }),
        input,
      );
      const images = withUploadCopies(studio, await knownImages(studio, problem.imageIds));
      const result = await fixProblem({ problem, action, images, cacheDir: studio.uploadCopiesDir });
      if (result.unpick.length > 0) await catalog.setPick(result.unpick, 'none');
      for (const copy of result.uploadCopies) studio.uploadCopies.set(copy.imageId, copy);
      return { unpicked: result.unpick, copied: result.uploadCopies.map((copy) => copy.imageId) };
    },

    session: async (input) => (parse(noInput, input), session()),
    async signIn(input) {
      parse(noInput, input);
      signingIn?.abort();
      const attempt = new AbortController();
      signingIn = attempt;
      try {
        const { token } = await signInThroughBrowser({
          platformUrl: platform.origin,
          openExternal: studio.options.openExternal,
          deviceName: studio.options.deviceName,
          fetch: studio.options.fetch,
          signal: attempt.signal,
        });
        await studio.setToken(token);
        return session();
      } finally {
        if (signingIn === attempt) signingIn = null;
      }
    },
    async cancelSignIn(input) {
      parse(noInput, input);
      signingIn?.abort();
    },
    async signOut(input) {
      parse(noInput, input);
      const token = await studio.token();
      await uploads.pause();
      if (token) {
        // Best effort: the platform forgets the session too; offline, the token is still dropped here.
        await (studio.options.fetch ?? fetch)(new URL('/trpc/auth.signOut', platform), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        }).catch(() => undefined);
      }
      await studio.setToken(null);
      return session();
    },
    async uploadPicked(input) {
      const { styleId, imageIds } = parse(
        z.strictObject({ styleId: z.uuid(), imageIds: imageIdsSchema }),
        input,
      );
      if ((await studio.token()) === null) throw new AppError('UNAUTHORIZED', 'Sign in to upload');
      const images = await knownImages(studio, imageIds);
      const result = await uploads.enqueue({
        styleId,
        files: images.map((image) => uploadable(studio, image)),
      });
      runUploads();
      return result;
    },
    async pauseUploads(input) {
      parse(noInput, input);
      await uploads.pause();
      return uploads.report();
    },
    async resumeUploads(input) {
      parse(noInput, input);
      runUploads();
      return uploads.report();
    },
    async retryFailedUploads(input) {
      parse(noInput, input);
      await uploads.retryFailed();
      runUploads();
      return uploads.report();
    },
    uploadReport: async (input) => (parse(noInput, input), uploads.report()),
    async openExternal(input) {
      const { url } = parse(z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2048) }), input);
      const target = new URL(url);
      // The renderer may only send the artist to the platform's own pages.
      if (target.origin !== platform.origin)
        throw new AppError('FORBIDDEN', 'Only the platform’s own pages open from the studio');
      await studio.options.openExternal(target.href);
    },
  };
}
