/**
 * Find-and-replace inside tags, as plain text or a regular expression, computed without writing anything.
 * Invariants: every resulting tag went through the shared tagSchema (an empty result removes the tag, any
 * other refused result is a problem that blocks applying); an artist's pattern can never hang the core.
 */
import { runInNewContext } from 'node:vm';
import { z } from 'zod';
import { AppError, normaliseTag } from '@style-license/shared';
import { checkTag, imageIdsSchema } from './input';

/** A pattern runs over every distinct tag of the selection within this budget (ms), or is refused. */
export const REGEX_TIME_LIMIT_MS = 250;

export const findReplaceSchema = z.object({
  imageIds: imageIdsSchema,
  find: z.string().min(1).max(256),
  replace: z.string().max(256),
  /** `text` matches the text literally; `regex` is a JavaScript pattern, replacement with $1, $<name>. */
  mode: z.enum(['text', 'regex']).default('text'),
  /** Text mode: only tags that are exactly `find` (a rename within the selection). */
  wholeTag: z.boolean().default(false),
  /** Regex mode: letter case matters (tags are stored case-folded, so off by default). */
  caseSensitive: z.boolean().default(false),
});
export type FindReplaceInput = z.input<typeof findReplaceSchema>;
export type FindReplaceRequest = z.output<typeof findReplaceSchema>;

/** One distinct tag of the selection that the replacement changes; `to: null` removes it. */
export interface TagRewrite {
  from: string;
  to: string | null;
  imageCount: number;
}

/** A tag whose replacement the platform would refuse: applying is blocked until the pattern is fixed. */
export interface RewriteProblem {
  from: string;
  /** The replacement's text, before the tag rules refused it. */
  result: string;
  rule: string;
  message: string;
  imageCount: number;
}

export interface FindReplacePreview {
  /** Every image whose list would change, with its whole list before and after. */
  changes: { imageId: string; before: string[]; after: string[] }[];
  rewrites: TagRewrite[];
  problems: RewriteProblem[];
}

/** Whitespace at either end is part of what is looked for (' hair'), so only the inside is folded. */
function foldFindText(text: string): string {
  const lead = /^\s/u.test(text) ? ' ' : '';
  const trail = /\s$/u.test(text) && text.trim() !== '' ? ' ' : '';
  return lead + normaliseTag(text) + trail;
}

function compilePattern(request: FindReplaceRequest): RegExp {
  try {
    return new RegExp(request.find, request.caseSensitive ? 'gu' : 'giu');
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', 'The pattern is not a valid regular expression', {
      details: [{ path: 'find', rule: 'invalid_regex', message: (error as Error).message }],
      cause: error,
    });
  }
}

// In a fresh context with a timeout, because V8 interrupts a runaway backtracking match there; a plain
// call would freeze the studio on a pattern like (a+)+$.
function replaceAllByPattern(tags: readonly string[], request: FindReplaceRequest): string[] {
  const pattern = compilePattern(request);
  try {
    return runInNewContext(
      'tags.map((tag) => tag.replace(pattern, replacement))',
      { tags, pattern, replacement: request.replace },
      { timeout: REGEX_TIME_LIMIT_MS },
    ) as string[];
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    throw new AppError('VALIDATION_FAILED', 'The pattern takes too long to run', {
      details: [{ path: 'find', rule: 'regex_too_slow', message: `Over ${REGEX_TIME_LIMIT_MS} ms` }],
      cause: error,
    });
  }
}

function replaceAllAsText(tags: readonly string[], request: FindReplaceRequest): string[] {
  const find = foldFindText(request.find);
  if (find === '') return [...tags];
  if (request.wholeTag) return tags.map((tag) => (tag === find ? request.replace : tag));
  return tags.map((tag) => tag.split(find).join(request.replace));
}

/** What the replacement makes of each image's list; `current` holds every selected image. */
export function planFindReplace(
  request: FindReplaceRequest,
  current: ReadonlyMap<string, readonly string[]>,
): FindReplacePreview {
  const imagesPerTag = new Map<string, number>();
  for (const id of request.imageIds) {
    for (const tag of current.get(id) ?? []) imagesPerTag.set(tag, (imagesPerTag.get(tag) ?? 0) + 1);
  }
  const distinct = [...imagesPerTag.keys()];
  const replaced =
    request.mode === 'regex' ? replaceAllByPattern(distinct, request) : replaceAllAsText(distinct, request);

  // Distinct tags first: a selection of 10,000 images holds a few hundred of them.
  const outcome = new Map<string, string | null>();
  const rewrites: TagRewrite[] = [];
  const problems: RewriteProblem[] = [];
  distinct.forEach((from, i) => {
    const result = replaced[i] ?? from;
    if (result === from) return;
    const imageCount = imagesPerTag.get(from) ?? 0;
    if (normaliseTag(result) === '') {
      outcome.set(from, null);
      rewrites.push({ from, to: null, imageCount });
      return;
    }
    const checked = checkTag(result);
    if ('tag' in checked) {
      if (checked.tag === from) return;
      outcome.set(from, checked.tag);
      rewrites.push({ from, to: checked.tag, imageCount });
    } else {
      problems.push({ from, result, imageCount, ...checked });
    }
  });

  const changes: FindReplacePreview['changes'] = [];
  for (const id of request.imageIds) {
    const before = current.get(id);
    if (!before) continue;
    const after = [...new Set(before.map((tag) => (outcome.has(tag) ? outcome.get(tag) : tag)))].filter(
      (tag): tag is string => tag !== null && tag !== undefined,
    );
    if (!sameList(before, after)) changes.push({ imageId: id, before: [...before], after });
  }
  return { changes, rewrites, problems };
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}
