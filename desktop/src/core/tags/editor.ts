/**
 * The tag editor: bulk operations on a selection of images, each one undoable step, through a TagStore.
 * Invariants: an operation is validated whole before anything is written and written with one all-or-nothing
 * setTags; only changed images enter a step, and a step that changes nothing is not recorded; operations,
 * undo and redo run one at a time, and undo/redo refuse to overwrite lists that changed outside the editor.
 */
import { AppError, parseInput } from '@style-license/shared';
import type { TagChange, TagStore } from '../model';
import {
  planFindReplace,
  findReplaceSchema,
  sameList,
  type FindReplaceInput,
  type FindReplacePreview,
} from './find-replace';
import {
  TagEditHistory,
  summarise,
  type TagEditLabel,
  type TagEditStep,
  type TagEditStepSummary,
} from './history';
import { assertAllKnown, MAX_IMAGE_TAGS } from './input';
import {
  addTagsSchema,
  moveTagsSchema,
  removeTagsSchema,
  renameTagSchema,
  importTagListsSchema,
  setImageTagsSchema,
  sortTagsSchema,
  withTagRenamed,
  withTagsAdded,
  withTagsMoved,
  withTagsRemoved,
  withTagsSorted,
  type AddTagsInput,
  type MoveTagsInput,
  type RemoveTagsInput,
  type RenameTagInput,
  type ImportTagListsInput,
  type SetImageTagsInput,
  type SortTagsInput,
} from './operations';

export const DEFAULT_UNDO_STEPS = 200;
/** Two lists of up to 20 short tags per image: about 100 MB of history at most, whatever the steps. */
export const DEFAULT_UNDO_IMAGE_LISTS = 500_000;

export interface TagEditorOptions {
  store: TagStore;
  /** Every image in the library carrying `tag` (the catalog's tag filter), for a library-wide rename. */
  imagesWithTag: (tag: string) => Promise<string[]>;
  maxUndoSteps?: number;
  maxUndoImageLists?: number;
  /** Where a listener's exception goes: it cannot undo a write that already happened. */
  onListenerError?: (error: unknown) => void;
}

export interface TagEditResult {
  changedImageIds: string[];
  /** The step recorded (or undone, or redone); null when nothing changed. */
  step: TagEditStepSummary | null;
}

export interface TagEditorEvent {
  /** `discarded`: an undo or redo step was dropped because its images were edited elsewhere. */
  cause: 'edit' | 'undo' | 'redo' | 'discarded' | 'cleared';
  step: TagEditStepSummary | null;
  changedImageIds: string[];
  canUndo: boolean;
  canRedo: boolean;
}

export type TagEditorListener = (event: TagEditorEvent) => void;

// A fresh object each time: callers own what they are handed.
const nothing = (): TagEditResult => ({ changedImageIds: [], step: null });

export class TagEditor {
  private readonly store: TagStore;
  private readonly imagesWithTag: (tag: string) => Promise<string[]>;
  private readonly history: TagEditHistory;
  private readonly listeners = new Set<TagEditorListener>();
  private readonly onListenerError: (error: unknown) => void;
  // Every read-modify-write waits for the previous one, so two quick edits never build on the same read.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: TagEditorOptions) {
    this.store = options.store;
    this.imagesWithTag = options.imagesWithTag;
    this.history = new TagEditHistory({
      maxSteps: Math.max(1, options.maxUndoSteps ?? DEFAULT_UNDO_STEPS),
      maxImageLists: Math.max(1, options.maxUndoImageLists ?? DEFAULT_UNDO_IMAGE_LISTS),
    });
    this.onListenerError =
      options.onListenerError ?? ((error) => console.error('tag editor listener', error));
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** The steps an Edit menu lists, newest first. */
  steps(): { undo: TagEditStepSummary[]; redo: TagEditStepSummary[] } {
    return this.history.list();
  }

  onChange(listener: TagEditorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async addTags(input: AddTagsInput): Promise<TagEditResult> {
    const { imageIds, tags, at } = parseInput(addTagsSchema, input);
    return this.serially(() =>
      this.edit({ kind: 'add', tags }, imageIds, (list) => withTagsAdded(list, tags, at)),
    );
  }

  async removeTags(input: RemoveTagsInput): Promise<TagEditResult> {
    const { imageIds, tags } = parseInput(removeTagsSchema, input);
    return this.serially(() =>
      this.edit({ kind: 'remove', tags }, imageIds, (list) => withTagsRemoved(list, tags)),
    );
  }

  async renameTag(input: RenameTagInput): Promise<TagEditResult> {
    const { from, to, imageIds } = parseInput(renameTagSchema, input);
    if (from === to) return nothing();
    return this.serially(async () => {
      const ids = imageIds ?? [...new Set(await this.imagesWithTag(from))];
      if (ids.length === 0) return nothing();
      return this.edit({ kind: 'rename', from, to }, ids, (list) => withTagRenamed(list, from, to));
    });
  }

  /** What find-and-replace would do, for the artist to confirm; writes nothing. */
  async previewFindReplace(input: FindReplaceInput): Promise<FindReplacePreview> {
    const request = parseInput(findReplaceSchema, input);
    return this.serially(async () => planFindReplace(request, await this.readKnown(request.imageIds)));
  }

  /** Applies find-and-replace; refused whole (VALIDATION_FAILED) when any resulting tag would be. */
  async findReplace(input: FindReplaceInput): Promise<TagEditResult> {
    const request = parseInput(findReplaceSchema, input);
    return this.serially(async () => {
      const plan = planFindReplace(request, await this.readKnown(request.imageIds));
      if (plan.problems.length > 0) {
        throw new AppError('VALIDATION_FAILED', 'Some replaced tags would not be valid', {
          details: plan.problems.map((p) => ({
            path: 'replace',
            rule: p.rule,
            message: `${p.from} → ${p.result}: ${p.message}`,
          })),
        });
      }
      const label: TagEditLabel = {
        kind: 'find-replace',
        find: request.find,
        replace: request.replace,
        mode: request.mode,
      };
      return this.commit(
        label,
        plan.changes.map(({ imageId, before }) => ({ imageId, tags: before })),
        plan.changes.map(({ imageId, after }) => ({ imageId, tags: after })),
      );
    });
  }

  /** The exact list of one image (typing in its tag field, reordering its chips). */
  async setImageTags(input: SetImageTagsInput): Promise<TagEditResult> {
    const { imageId, tags } = parseInput(setImageTagsSchema, input);
    return this.serially(() => this.edit({ kind: 'set', imageId }, [imageId], () => tags));
  }

  async moveTags(input: MoveTagsInput): Promise<TagEditResult> {
    const { imageIds, tags, to } = parseInput(moveTagsSchema, input);
    return this.serially(() =>
      this.edit({ kind: 'move', tags, to }, imageIds, (list) => withTagsMoved(list, tags, to)),
    );
  }

  async sortTags(input: SortTagsInput): Promise<TagEditResult> {
    const { imageIds, by } = parseInput(sortTagsSchema, input);
    return this.serially(async () => {
      const counts = by === 'count' ? await this.store.tagCounts() : new Map<string, number>();
      return this.edit({ kind: 'sort', by }, imageIds, (list) => withTagsSorted(list, by, counts));
    });
  }

  /**
   * Lists read from elsewhere (caption sidecars), as one step. Unlike typed edits, an image that would
   * pass the limit keeps its first MAX_IMAGE_TAGS tags and the rest are returned as `dropped`.
   */
  async importTagLists(input: ImportTagListsInput): Promise<TagEditResult & { dropped: TagChange[] }> {
    const { lists, mode } = parseInput(importTagListsSchema, input);
    const byId = new Map(lists.map((l) => [l.imageId, l.tags]));
    return this.serially(async () => {
      const dropped: TagChange[] = [];
      const result = await this.edit({ kind: 'import', source: 'sidecars' }, [...byId.keys()], (own, id) => {
        const read = byId.get(id) ?? [];
        const whole = mode === 'append' ? withTagsAdded(own, read, 'end') : read;
        if (whole.length > MAX_IMAGE_TAGS) dropped.push({ imageId: id, tags: whole.slice(MAX_IMAGE_TAGS) });
        return whole.slice(0, MAX_IMAGE_TAGS);
      });
      return { ...result, dropped };
    });
  }

  async undo(): Promise<TagEditResult> {
    return this.serially(async () => {
      const step = this.history.peekUndo();
      if (!step) return nothing();
      const changed = await this.rewind(step, step.after, step.before, () => this.history.discardUndo());
      this.history.undone();
      return this.announce('undo', step, changed);
    });
  }

  async redo(): Promise<TagEditResult> {
    return this.serially(async () => {
      const step = this.history.peekRedo();
      if (!step) return nothing();
      const changed = await this.rewind(step, step.before, step.after, () => this.history.discardRedo());
      this.history.redone();
      return this.announce('redo', step, changed);
    });
  }

  /** Forgets every step (e.g. when the library is closed); the tags stay as they are. */
  async clearHistory(): Promise<void> {
    await this.serially(async () => {
      this.history.clear();
      this.emit({ cause: 'cleared', step: null, changedImageIds: [], canUndo: false, canRedo: false });
    });
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async readKnown(imageIds: readonly string[]): Promise<Map<string, string[]>> {
    const current = await this.store.tagsOf(imageIds);
    assertAllKnown(imageIds, current);
    return current;
  }

  /** Plans each image's new list, refuses the whole edit if any grows past the limit, then commits. */
  private async edit(
    label: TagEditLabel,
    imageIds: readonly string[],
    plan: (list: readonly string[], imageId: string) => string[],
  ): Promise<TagEditResult> {
    const current = await this.readKnown(imageIds);
    const before: TagChange[] = [];
    const after: TagChange[] = [];
    const overLimit: string[] = [];
    for (const imageId of imageIds) {
      const old = current.get(imageId) ?? [];
      const next = plan(old, imageId);
      if (sameList(old, next)) continue;
      // Growing past the limit is refused; a list already over it (written before the limit) may shrink.
      if (next.length > MAX_IMAGE_TAGS && next.length > old.length) overLimit.push(imageId);
      before.push({ imageId, tags: [...old] });
      after.push({ imageId, tags: next });
    }
    if (overLimit.length > 0) {
      throw new AppError('VALIDATION_FAILED', `An image has at most ${MAX_IMAGE_TAGS} tags`, {
        details: overLimit.slice(0, 20).map((id) => ({ path: 'tags', rule: 'too_many_tags', message: id })),
      });
    }
    return this.commit(label, before, after);
  }

  private async commit(label: TagEditLabel, before: TagChange[], after: TagChange[]): Promise<TagEditResult> {
    if (after.length === 0) return nothing();
    await this.store.setTags(after);
    const step: TagEditStep = { label, before, after };
    this.history.record(step);
    return this.announce(
      'edit',
      step,
      after.map((c) => c.imageId),
    );
  }

  /**
   * Writes `target` where the images still hold `expected`. Images gone from the library are skipped (their
   * tags went with them); an image edited elsewhere since would lose that edit, so the step is dropped
   * unapplied and the undo or redo refused with CONFLICT.
   */
  private async rewind(
    step: TagEditStep,
    expected: readonly TagChange[],
    target: readonly TagChange[],
    discard: () => void,
  ): Promise<string[]> {
    const current = await this.store.tagsOf(expected.map((c) => c.imageId));
    const edited = expected.filter((c) => {
      const now = current.get(c.imageId);
      return now !== undefined && !sameList(now, c.tags);
    });
    if (edited.length > 0) {
      discard();
      this.emit({ ...this.state(), cause: 'discarded', step: summarise(step), changedImageIds: [] });
      throw new AppError('CONFLICT', 'These tags were changed elsewhere since; the step was dropped', {
        details: edited
          .slice(0, 20)
          .map((c) => ({ path: 'imageIds', rule: 'edited_elsewhere', message: c.imageId })),
      });
    }
    const writes = target.filter((c) => current.has(c.imageId));
    if (writes.length > 0) await this.store.setTags(writes);
    return writes.map((c) => c.imageId);
  }

  private announce(
    cause: 'edit' | 'undo' | 'redo',
    step: TagEditStep,
    changedImageIds: string[],
  ): TagEditResult {
    const summary = summarise(step);
    this.emit({ ...this.state(), cause, step: summary, changedImageIds });
    return { changedImageIds, step: summary };
  }

  private state(): { canUndo: boolean; canRedo: boolean } {
    return { canUndo: this.history.canUndo, canRedo: this.history.canRedo };
  }

  private emit(event: TagEditorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

export function createTagEditor(options: TagEditorOptions): TagEditor {
  return new TagEditor(options);
}
