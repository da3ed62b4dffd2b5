/**
 * The studio's one contract between the renderer and the core: the operation names (one IPC channel
 * each), their input and result types, and the events the core pushes. Browser-safe: types only from the
 * core, so main, preload, the test host and the renderer all compile against the same list, and an
 * operation added here without a handler fails the type check of `createStudioOperations`.
 */
import type { CatalogFilter, CatalogPage, CatalogQuery, LibraryFolder } from '../core/catalog';
import type { CheckReport, FixAction, Problem } from '../core/checks';
import type { Pick } from '../core/model';
import type { ScanProgress, ScanReport } from '../core/library';
import type { UploadEvent, UploadReport } from '../core/publish';
import type {
  AddTagsInput,
  FindReplaceInput,
  FindReplacePreview,
  RemoveTagsInput,
  RenameTagInput,
  SetImageTagsInput,
  SidecarExportReport,
  SidecarImportReport,
  SuggestTagsInput,
  TagEditorEvent,
  TagEditResult,
  TagEditStepSummary,
  TagSuggestion,
} from '../core/tags';

export const STUDIO_OPERATIONS = [
  // library
  'listFolders',
  'pickFolder',
  'addFolder',
  'rescanFolder',
  'removeFolder',
  // catalog
  'queryImages',
  'countImages',
  'getImages',
  'setRating',
  'setPick',
  'keepThumbnails',
  // tags
  'tagCounts',
  'suggestTags',
  'addTags',
  'removeTags',
  'renameTag',
  'previewFindReplace',
  'findReplace',
  'setImageTags',
  'undoTags',
  'redoTags',
  'tagHistory',
  'importSidecars',
  'exportSidecars',
  // checks
  'checkPicked',
  'fixProblem',
  // account and publishing
  'session',
  'signIn',
  'cancelSignIn',
  'signOut',
  'uploadPicked',
  'pauseUploads',
  'resumeUploads',
  'retryFailedUploads',
  'uploadReport',
  'openExternal',
] as const;
export type StudioOperation = (typeof STUDIO_OPERATIONS)[number];

/** One IPC channel per operation, never a generic one. */
export const channelOf = (operation: StudioOperation) => `studio:${operation}` as const;
/** The one channel main sends on: core events for the renderer. */
export const STUDIO_EVENT_CHANNEL = 'studio:event';

export interface StudioSession {
  signedIn: boolean;
  /** The platform this studio talks to (where sign-in and uploads go). */
  platformUrl: string;
}

export interface UploadPickedInput {
  styleId: string;
  /** The images to send; their tags (the first 20) go with them. */
  imageIds: string[];
}

export interface FixProblemInput {
  problem: Problem;
  action: FixAction;
}
export interface FixProblemResult {
  /** Images un-picked by the fix. */
  unpicked: string[];
  /** Images that will be uploaded as a converted or shrunk copy. */
  copied: string[];
}

export type StudioEvent =
  | { kind: 'scan'; progress: ScanProgress }
  | { kind: 'library-changed'; folder: string }
  | { kind: 'tags-changed'; event: TagEditorEvent }
  | { kind: 'upload'; event: UploadEvent }
  | { kind: 'session'; signedIn: boolean };

/** What each operation takes and answers; `void` takes no input. */
export interface StudioApi {
  listFolders(): Promise<LibraryFolder[]>;
  /** A native folder dialog (in the test host: the folder the test named). */
  pickFolder(): Promise<string | null>;
  addFolder(input: { path: string }): Promise<ScanReport>;
  rescanFolder(input: { path: string }): Promise<ScanReport>;
  removeFolder(input: { path: string }): Promise<{ removed: number }>;

  queryImages(input: CatalogQuery): Promise<CatalogPage>;
  countImages(input: CatalogFilter): Promise<number>;
  getImages(input: { ids: string[] }): Promise<CatalogPage['images']>;
  setRating(input: { ids: string[]; rating: number }): Promise<void>;
  setPick(input: { ids: string[]; pick: Pick }): Promise<void>;
  /** The grid's visible images: thumbnails still being made for others are cancelled. */
  keepThumbnails(input: { ids: string[]; size: number }): Promise<{ cancelled: number }>;

  tagCounts(): Promise<{ tag: string; count: number }[]>;
  suggestTags(input: SuggestTagsInput): Promise<TagSuggestion[]>;
  addTags(input: AddTagsInput): Promise<TagEditResult>;
  removeTags(input: RemoveTagsInput): Promise<TagEditResult>;
  renameTag(input: RenameTagInput): Promise<TagEditResult>;
  previewFindReplace(input: FindReplaceInput): Promise<FindReplacePreview>;
  findReplace(input: FindReplaceInput): Promise<TagEditResult>;
  setImageTags(input: SetImageTagsInput): Promise<TagEditResult>;
  undoTags(): Promise<TagEditResult>;
  redoTags(): Promise<TagEditResult>;
  tagHistory(): Promise<{ undo: TagEditStepSummary[]; redo: TagEditStepSummary[] }>;
  importSidecars(input: { ids: string[]; mode?: 'replace' | 'append' }): Promise<SidecarImportReport>;
  exportSidecars(input: { ids: string[]; overwrite?: boolean }): Promise<SidecarExportReport>;

  /** The platform's rules over the picked images (the upload selection). */
  checkPicked(input: { alreadyInStyle?: number }): Promise<CheckReport>;
  fixProblem(input: FixProblemInput): Promise<FixProblemResult>;

  session(): Promise<StudioSession>;
  /** Opens the system browser at the platform's desktop sign-in and waits for its answer. */
  signIn(): Promise<StudioSession>;
  /** Gives up a sign-in still waiting for the browser (its `signIn` call fails UNAUTHORIZED `cancelled`). */
  cancelSignIn(): Promise<void>;
  signOut(): Promise<StudioSession>;
  uploadPicked(input: UploadPickedInput): Promise<{ added: number; skipped: number }>;
  pauseUploads(): Promise<UploadReport>;
  resumeUploads(): Promise<UploadReport>;
  retryFailedUploads(): Promise<UploadReport>;
  uploadReport(): Promise<UploadReport>;
  /** Opens a platform page in the system browser (only the platform's own origin). */
  openExternal(input: { url: string }): Promise<void>;
}

/** Every operation is in the API and nothing else is (checked at compile time). */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const operationsMatchApi: Exactly<StudioOperation, keyof StudioApi> = true;

/** What crosses IPC: a result, or the core's typed error (AppError's code, message and details). */
export type StudioResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

/**
 * What the preload exposes as `window.studio`: the same named functions answering StudioResult
 * envelopes (an Error's own fields do not survive the context bridge), plus one event subscription.
 */
export type StudioBridge = {
  [K in StudioOperation]: (
    ...input: Parameters<StudioApi[K]>
  ) => Promise<StudioResult<Awaited<ReturnType<StudioApi[K]>>>>;
} & { onEvent(listener: (event: StudioEvent) => void): () => void };
