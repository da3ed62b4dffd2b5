/**
 * One open studio: the catalog, library, thumbnail cache, tag editor, autocomplete, upload queue and
 * platform session of one data folder, wired together, with one event stream for the renderer. Hosts
 * (Electron's main, the HTTP test host) open one and register `createStudioOperations` over it; nothing
 * here knows which host it runs in.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { popularTagSchema, type PopularTag } from '@style-license/shared';
import type { StudioEvent } from '../../bridge/studio-api';
import { allMatching, openCatalog, type Catalog } from '../catalog';
import type { UploadCopy } from '../checks';
import { openLibrary, type FolderWatch, type Library } from '../library';
import { createHttpPublishApi, openUploadQueue, PublishApiError, type UploadQueue } from '../publish';
import type { TokenStore } from '../session';
import { createTagEditor, TagAutocomplete, type TagEditor } from '../tags';
import { createThumbnailCache, type ThumbnailCache } from '../thumbnails';

export interface StudioOptions {
  /** The app's data folder: catalog, thumbnail cache, upload queue, upload copies. */
  dataDir: string;
  /** The platform's public URL (sign-in, API, uploads). */
  platformUrl: string;
  tokenStore: TokenStore;
  /** Opens a URL in the system browser; the host checks it (see main/external-links.ts). */
  openExternal: (url: string) => Promise<void>;
  /** Asks the artist for a folder (a native dialog in the app). */
  pickFolder: () => Promise<string | null>;
  deviceName?: string;
  fetch?: typeof fetch;
  inspectWorkers?: number;
  thumbnailWorkers?: number;
  /** Watch library folders for changes (default true). */
  watchFolders?: boolean;
}

export interface Studio {
  readonly options: StudioOptions;
  readonly catalog: Catalog;
  readonly library: Library;
  readonly thumbnails: ThumbnailCache;
  readonly editor: TagEditor;
  readonly autocomplete: TagAutocomplete;
  readonly uploads: UploadQueue;
  /** Copies made by fix actions, uploaded in place of the artist's file (by image id). */
  readonly uploadCopies: Map<string, UploadCopy>;
  readonly uploadCopiesDir: string;
  token(): Promise<string | null>;
  setToken(token: string | null): Promise<void>;
  watchFolder(folder: string): Promise<void>;
  unwatchFolder(folder: string): Promise<void>;
  emit(event: StudioEvent): void;
  onEvent(listener: (event: StudioEvent) => void): () => void;
  close(): Promise<void>;
}

const popularTagsAnswer = z.object({ result: z.object({ data: z.array(popularTagSchema).max(1000) }) });

export async function openStudio(options: StudioOptions): Promise<Studio> {
  const dataDir = resolve(options.dataDir);
  const uploadCopiesDir = join(dataDir, 'upload-copies');
  await mkdir(uploadCopiesDir, { recursive: true });
  const doFetch = options.fetch ?? fetch;
  const listeners = new Set<(event: StudioEvent) => void>();
  const emit = (event: StudioEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // a renderer gone mid-event must not stop the others
      }
    }
  };

  const catalog = await openCatalog({ dir: join(dataDir, 'catalog') });
  const library = openLibrary({ catalog, pool: { size: options.inspectWorkers } });
  const thumbnails = createThumbnailCache({
    cacheDir: join(dataDir, 'thumbnails'),
    workers: options.thumbnailWorkers,
  });
  let platformTags: PopularTag[] = [];
  const autocomplete = new TagAutocomplete({ store: catalog, platformTags: () => platformTags });
  const editor = createTagEditor({
    store: catalog,
    imagesWithTag: async (tag) => (await allMatching(catalog, { tags: { tag } })).map((image) => image.id),
  });
  editor.onChange((event) => {
    autocomplete.invalidate();
    emit({ kind: 'tags-changed', event });
  });

  let token = await options.tokenStore.read();
  const uploads = await openUploadQueue(
    { file: join(dataDir, 'upload-queue.json') },
    {
      api: createHttpPublishApi({
        baseUrl: options.platformUrl,
        token: () => {
          if (!token) throw new PublishApiError('Not signed in', 'UNAUTHORIZED', 401, false);
          return token;
        },
        fetch: doFetch,
      }),
      fetch: doFetch,
    },
  );
  uploads.on((event) => emit({ kind: 'upload', event }));

  // Popular tags feed autocomplete; offline, suggestions are local only (never an error).
  void doFetch(new URL('/trpc/styles.popularTags', options.platformUrl))
    .then(async (response) => {
      const answer = popularTagsAnswer.safeParse(await response.json());
      if (answer.success) platformTags = answer.data.result.data;
    })
    .catch(() => undefined);

  const watches = new Map<string, FolderWatch>();
  const studio: Studio = {
    options,
    catalog,
    library,
    thumbnails,
    editor,
    autocomplete,
    uploads,
    uploadCopies: new Map(),
    uploadCopiesDir,
    token: async () => token,
    async setToken(next) {
      await options.tokenStore.write(next);
      token = next;
      emit({ kind: 'session', signedIn: next !== null });
    },
    async watchFolder(folder) {
      if (options.watchFolders === false || watches.has(folder)) return;
      const watch = await library.watch(folder, () => {
        autocomplete.invalidate();
        emit({ kind: 'library-changed', folder });
      });
      watches.set(folder, watch);
    },
    async unwatchFolder(folder) {
      await watches.get(folder)?.stop();
      watches.delete(folder);
    },
    emit,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await uploads.close();
      await Promise.all([...watches.values()].map((watch) => watch.stop()));
      await library.close();
      await thumbnails.close();
      await catalog.close();
    },
  };
  for (const folder of await catalog.folders()) await studio.watchFolder(folder.path).catch(() => undefined);
  return studio;
}
