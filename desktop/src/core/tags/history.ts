/**
 * The undo and redo stacks of tag editing: each step holds whole tag lists before and after, per image.
 * Invariants: both stacks together stay within the step and image-list bounds (oldest steps go first,
 * the newest is always kept); a new step empties the redo stack.
 */
import type { TagChange } from '../model';

/** What a step did, for the renderer to word ("Undo rename of 'sky' to 'clouds'") in its own language. */
export type TagEditLabel =
  | { kind: 'add'; tags: string[] }
  | { kind: 'remove'; tags: string[] }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'find-replace'; find: string; replace: string; mode: 'text' | 'regex' }
  | { kind: 'set'; imageId: string }
  | { kind: 'move'; tags: string[]; to: 'start' | 'end' }
  | { kind: 'sort'; by: 'name' | 'count' }
  | { kind: 'import'; source: 'sidecars' };

export interface TagEditStep {
  label: TagEditLabel;
  /** Each changed image's whole list before the step (what undo writes back). */
  before: TagChange[];
  /** The same images' whole lists after it (what redo writes, and what undo expects to find). */
  after: TagChange[];
}

/** A step as listed in an Edit menu: what it did and to how many images. */
export interface TagEditStepSummary {
  label: TagEditLabel;
  imageCount: number;
}

export const summarise = (step: TagEditStep): TagEditStepSummary => ({
  label: step.label,
  imageCount: step.after.length,
});

export interface HistoryBounds {
  /** Most steps kept for undo. */
  maxSteps: number;
  /** Most image lists kept over all steps (a bulk edit of 10,000 images holds 10,000 of them). */
  maxImageLists: number;
}

export class TagEditHistory {
  private readonly undoable: TagEditStep[] = [];
  private readonly redoable: TagEditStep[] = [];

  constructor(private readonly bounds: HistoryBounds) {}

  get canUndo(): boolean {
    return this.undoable.length > 0;
  }

  get canRedo(): boolean {
    return this.redoable.length > 0;
  }

  /** Newest first. */
  list(): { undo: TagEditStepSummary[]; redo: TagEditStepSummary[] } {
    return {
      undo: this.undoable.map(summarise).reverse(),
      redo: this.redoable.map(summarise).reverse(),
    };
  }

  peekUndo(): TagEditStep | undefined {
    return this.undoable.at(-1);
  }

  peekRedo(): TagEditStep | undefined {
    return this.redoable.at(-1);
  }

  /** A new edit: what could be redone no longer follows from the current state. */
  record(step: TagEditStep): void {
    this.redoable.length = 0;
    this.undoable.push(step);
    this.trim();
  }

  /** After undo wrote `step.before`: the step moves to the redo stack. */
  undone(): void {
    const step = this.undoable.pop();
    if (step) this.redoable.push(step);
  }

  /** After redo wrote `step.after`: the step moves back to the undo stack. */
  redone(): void {
    const step = this.redoable.pop();
    if (step) this.undoable.push(step);
  }

  /** Drops the top undo step without applying it (its images changed elsewhere). */
  discardUndo(): void {
    this.undoable.pop();
  }

  /** Drops the top redo step without applying it. */
  discardRedo(): void {
    this.redoable.pop();
  }

  clear(): void {
    this.undoable.length = 0;
    this.redoable.length = 0;
  }

  // Only ever called after record(), when the redo stack is empty: the oldest undo steps go.
  private trim(): void {
    let lists = this.undoable.reduce((sum, step) => sum + step.after.length, 0);
    while (
      this.undoable.length > 1 &&
      (this.undoable.length > this.bounds.maxSteps || lists > this.bounds.maxImageLists)
    ) {
      lists -= this.undoable.shift()?.after.length ?? 0;
    }
  }
}
