/**
 * Caption sidecars as LoRA tools keep them: `image.png` ↔ `image.txt` beside it, tags comma-separated.
 * Invariants: import is one undo step through the editor and reports what it could not take; export writes
 * each sidecar whole (temp file, then rename) and never writes to, or over, an image or any non-text file.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { parseInput } from '@style-license/shared';
import type { TagStore } from '../model';
import type { TagEditor, TagEditResult } from './editor';
import { checkTag, imageIdSchema, MAX_IMAGE_TAGS, MAX_SELECTION } from './input';
import { byCodePoint } from './operations';

/** Larger than any caption (200 tags of 32 characters, 4 bytes each); a bigger `.txt` is some other document. */
export const MAX_SIDECAR_BYTES = 64 * 1024;
/** Files read or written at once: enough to hide disk latency, few enough for a slow network share. */
const PARALLEL_FILES = 16;

const sidecarImagesSchema = z
  .array(
    z.object({
      id: imageIdSchema,
      path: z.string().min(1).max(4096).refine(isAbsolute, { message: 'An absolute path' }),
    }),
  )
  .min(1)
  .max(MAX_SELECTION)
  .transform((images) => {
    // An image named twice is one image (the first path given wins).
    const seen = new Set<string>();
    return images.filter((image) => {
      if (seen.has(image.id)) return false;
      seen.add(image.id);
      return true;
    });
  });

export const importSidecarsSchema = z.object({
  images: sidecarImagesSchema,
  /** `replace`: a sidecar's tags become the image's list; `append`: they are added after its own. */
  mode: z.enum(['replace', 'append']).default('replace'),
});
export type ImportSidecarsInput = z.input<typeof importSidecarsSchema>;

export const exportSidecarsSchema = z.object({
  images: sidecarImagesSchema,
  /** Off: an existing sidecar is kept as it is. */
  overwrite: z.boolean().default(false),
});
export type ExportSidecarsInput = z.input<typeof exportSidecarsSchema>;

/** A tag a sidecar holds that the image did not get, and why (a tagSchema rule, or `too_many_tags`). */
export interface RefusedSidecarTag {
  sidecar: string;
  tag: string;
  rule: string;
  message: string;
}

export interface SidecarImportReport extends TagEditResult {
  /** Sidecars read. */
  read: number;
  /** Images without a sidecar (their tags are left as they are). */
  missing: string[];
  /** Sidecars that could not be read as UTF-8 text of a caption's size. */
  unreadable: { sidecar: string; reason: 'not_utf8' | 'too_large' | 'not_a_file' | 'io_error' }[];
  refused: RefusedSidecarTag[];
}

export interface SidecarExportReport {
  written: string[];
  /** Sidecars that existed and were kept (overwrite off). */
  kept: string[];
  /** Images without tags: no sidecar is written, so an existing caption is never blanked. */
  untagged: string[];
  /** Sidecars that would be an image's own file, or are shared by two selected images (a.png, a.jpg). */
  conflicts: { sidecar: string; imageIds: string[] }[];
  /** Existing files at a sidecar's path that are not caption text (an image, a document): left alone. */
  notCaptions: string[];
  failed: { sidecar: string; message: string }[];
}

/** `…/image.png` → `…/image.txt`. */
export function sidecarPathOf(imagePath: string): string {
  const name = basename(imagePath);
  const ext = extname(name);
  return join(dirname(imagePath), `${ext ? name.slice(0, -ext.length) : name}.txt`);
}

/** Tags of a caption: commas and line breaks separate; blank pieces are skipped; repeats fold. */
export function parseSidecarText(
  text: string,
  sidecar = '',
): { tags: string[]; refused: RefusedSidecarTag[] } {
  const tags: string[] = [];
  const refused: RefusedSidecarTag[] = [];
  for (const piece of text.split(/[,\r\n]+/u)) {
    if (piece.trim() === '') continue;
    const checked = checkTag(piece);
    if ('tag' in checked) {
      if (!tags.includes(checked.tag)) tags.push(checked.tag);
    } else refused.push({ sidecar, tag: piece.trim(), ...checked });
  }
  return { tags, refused };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

type SidecarRead =
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: SidecarImportReport['unreadable'][number]['reason'] };

/** UTF-8 with or without a byte-order mark (the decoder drops it); anything else is reported, not guessed. */
async function readSidecar(path: string): Promise<SidecarRead> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { kind: 'unreadable', reason: 'not_a_file' };
    if (info.size > MAX_SIDECAR_BYTES) return { kind: 'unreadable', reason: 'too_large' };
    const bytes = await readFile(path);
    if (bytes.includes(0)) return { kind: 'unreadable', reason: 'not_utf8' };
    return { kind: 'text', text: strictUtf8.decode(bytes) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    if (error instanceof TypeError) return { kind: 'unreadable', reason: 'not_utf8' };
    return { kind: 'unreadable', reason: 'io_error' };
  }
}

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, items.length) }, worker));
}

/** Reads each image's sidecar into its tags, as one undo step of `editor`. */
export async function importSidecars(
  editor: TagEditor,
  input: ImportSidecarsInput,
): Promise<SidecarImportReport> {
  const { images, mode } = parseInput(importSidecarsSchema, input);
  const report: SidecarImportReport = {
    changedImageIds: [],
    step: null,
    read: 0,
    missing: [],
    unreadable: [],
    refused: [],
  };
  const lists: { imageId: string; tags: string[] }[] = [];
  await inBatches(images, async ({ id, path }) => {
    const sidecar = sidecarPathOf(path);
    const result = await readSidecar(sidecar);
    if (result.kind === 'missing') report.missing.push(path);
    else if (result.kind === 'unreadable') report.unreadable.push({ sidecar, reason: result.reason });
    else {
      report.read += 1;
      const { tags, refused } = parseSidecarText(result.text, sidecar);
      report.refused.push(...refused);
      lists.push({ imageId: id, tags });
    }
  });
  report.missing.sort();
  report.unreadable.sort((a, b) => byCodePoint(a.sidecar, b.sidecar));
  if (lists.length === 0) return report;

  const { dropped, ...result } = await editor.importTagLists({ lists, mode });
  const pathOf = new Map(images.map((image) => [image.id, image.path]));
  for (const { imageId, tags } of dropped) {
    const sidecar = sidecarPathOf(pathOf.get(imageId) ?? '');
    for (const tag of tags) {
      report.refused.push({
        sidecar,
        tag,
        rule: 'too_many_tags',
        message: `An image has at most ${MAX_IMAGE_TAGS} tags`,
      });
    }
  }
  // Files are read in parallel; the report is in path order so a person can follow it.
  report.refused.sort((a, b) => byCodePoint(a.sidecar, b.sidecar));
  return { ...report, ...result };
}

/** What a file at a sidecar's path holds: overwritten only if it reads as caption text. */
async function holdsCaptionText(path: string): Promise<boolean | 'missing'> {
  const read = await readSidecar(path);
  if (read.kind === 'missing') return 'missing';
  return read.kind === 'text';
}

/** Writes `text` to `target` whole: a hidden temp file beside it (the library skips hidden files), then rename. */
async function writeWhole(target: string, text: string, overwrite: boolean): Promise<'written' | 'kept'> {
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  const file = await open(temp, 'wx');
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    if (overwrite) {
      await rename(temp, target);
      return 'written';
    }
    // link() fails if the target exists, so a sidecar appearing meanwhile is never replaced.
    try {
      await link(temp, target);
      return 'written';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'kept';
      // Some drives (FAT, exFAT) have no hard links: check, then rename.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      if ((await holdsCaptionText(target)) !== 'missing') return 'kept';
      await rename(temp, target);
      return 'written';
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Writes each tagged image's tags to its sidecar. */
export async function exportSidecars(
  store: TagStore,
  input: ExportSidecarsInput,
): Promise<SidecarExportReport> {
  const { images, overwrite } = parseInput(exportSidecarsSchema, input);
  const report: SidecarExportReport = {
    written: [],
    kept: [],
    untagged: [],
    conflicts: [],
    notCaptions: [],
    failed: [],
  };
  const tags = await store.tagsOf(images.map((image) => image.id));

  const imagePaths = new Set(images.map((image) => image.path));
  const bySidecar = new Map<string, string[]>();
  for (const { id, path } of images) {
    const sidecar = sidecarPathOf(path);
    bySidecar.set(sidecar, [...(bySidecar.get(sidecar) ?? []), id]);
  }
  const jobs: { sidecar: string; text: string }[] = [];
  for (const [sidecar, ids] of bySidecar) {
    if (ids.length > 1 || imagePaths.has(sidecar)) {
      report.conflicts.push({ sidecar, imageIds: ids });
      continue;
    }
    const list = tags.get(ids[0] ?? '') ?? [];
    if (list.length === 0) report.untagged.push(sidecar);
    else jobs.push({ sidecar, text: list.join(', ') });
  }

  await inBatches(jobs, async ({ sidecar, text }) => {
    try {
      const existing = await holdsCaptionText(sidecar);
      if (existing === false) report.notCaptions.push(sidecar);
      else if (existing === true && !overwrite) report.kept.push(sidecar);
      else report[await writeWhole(sidecar, text, overwrite)].push(sidecar);
    } catch (error) {
      report.failed.push({ sidecar, message: (error as Error).message });
    }
  });
  for (const list of [report.written, report.kept, report.untagged, report.notCaptions])
    list.sort(byCodePoint);
  report.conflicts.sort((a, b) => byCodePoint(a.sidecar, b.sidecar));
  report.failed.sort((a, b) => byCodePoint(a.sidecar, b.sidecar));
  return report;
}
