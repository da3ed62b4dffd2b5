/**
 * Checks a selection of catalog records against the platform's upload rules and finds near-duplicate
 * groups, from the records alone (no file is read: the catalog recorded format, size, hash by content).
 * Every problem names its images and offers fixes; the selection can upload only when no error remains.
 */
import { parseInput } from '@style-license/shared';
import { hammingDistance } from '@style-license/platform/images';
import type { CatalogImage } from '../model';
import { groupNearDuplicates } from './near-duplicates';
import {
  NEAR_DUPLICATE_BITS,
  PROBLEM_CODES,
  PROBLEM_RULES,
  UPLOAD_RULES,
  type CheckReport,
  type CheckSummary,
  type Problem,
  type ProblemCode,
} from './rules';
import { checkSelectionInputSchema, type CheckSelectionInput } from './schemas';

function problem(code: ProblemCode, imageIds: string[], details: Problem['details'] = {}): Problem {
  const rule = PROBLEM_RULES[code];
  return { code, severity: rule.severity, imageIds, fixes: [...rule.fixes], details };
}

const isUploadFormat = (format: CatalogImage['format']) =>
  (UPLOAD_RULES.formats as readonly string[]).includes(format ?? '');

/** The rules one image breaks on its own. A corrupt image breaks only that: nothing else about it is known. */
function imageProblems(image: CatalogImage): Problem[] {
  const { width, height } = image;
  if (image.corrupt || image.format === null || width === null || height === null)
    return [problem('corrupt', [image.id])];
  const found: Problem[] = [];
  // A WebP is uploaded as a converted copy, which is made within the byte and pixel limits: the size
  // rules of the original do not apply, only the minimum (a copy is never enlarged).
  const converted = !isUploadFormat(image.format);
  if (converted)
    found.push(problem('unsupported_format', [image.id], { format: image.format, width, height }));
  if (width < UPLOAD_RULES.minSide || height < UPLOAD_RULES.minSide)
    found.push(problem('too_small', [image.id], { width, height, minSide: UPLOAD_RULES.minSide }));
  if (!converted && image.byteSize > UPLOAD_RULES.maxBytes)
    found.push(
      problem('file_too_large', [image.id], { byteSize: image.byteSize, maxBytes: UPLOAD_RULES.maxBytes }),
    );
  if (!converted && width * height > UPLOAD_RULES.maxPixels)
    found.push(problem('too_many_pixels', [image.id], { width, height, maxPixels: UPLOAD_RULES.maxPixels }));
  return found;
}

function duplicateProblems(images: readonly CatalogImage[]): Problem[] {
  const readable = images.filter((image) => !image.corrupt && image.perceptualHash !== null);
  const found: Problem[] = [];
  // Same bytes: the server keeps the first and refuses the rest, so this is an error.
  const bySha = new Map<string, string[]>();
  for (const image of readable) bySha.set(image.sha256, [...(bySha.get(image.sha256) ?? []), image.id]);
  for (const ids of bySha.values())
    if (ids.length > 1) found.push(problem('identical_files', ids, { images: ids.length }));

  const hashOf = new Map(readable.map((image) => [image.id, image.perceptualHash!]));
  const groups = groupNearDuplicates(
    readable.map((image) => ({ id: image.id, hash: image.perceptualHash! })),
    NEAR_DUPLICATE_BITS,
  );
  const shaOf = new Map(readable.map((image) => [image.id, image.sha256]));
  for (const ids of groups) {
    // Copies with identical bytes alone are already an identical_files error; similar pictures remain.
    if (new Set(ids.map((id) => shaOf.get(id))).size === 1) continue;
    // Measured from the first image, not pair by pair: a group of many flat images stays linear.
    const first = hashOf.get(ids[0]!)!;
    const maxDistance = ids.reduce((max, id) => Math.max(max, hammingDistance(first, hashOf.get(id)!)), 0);
    found.push(problem('near_duplicates', ids, { images: ids.length, maxDistance }));
  }
  return found;
}

function countProblems(images: readonly CatalogImage[], alreadyInStyle: number): Problem[] {
  const count = images.length + alreadyInStyle;
  if (count < UPLOAD_RULES.minImages)
    return [problem('too_few_images', [], { count, min: UPLOAD_RULES.minImages, alreadyInStyle })];
  if (count > UPLOAD_RULES.maxImages) {
    const keep = Math.max(0, UPLOAD_RULES.maxImages - alreadyInStyle);
    return [
      problem(
        'too_many_images',
        images.map((image) => image.id),
        { count, max: UPLOAD_RULES.maxImages, alreadyInStyle, keep },
      ),
    ];
  }
  return [];
}

const SELECTION_CODES: ReadonlySet<ProblemCode> = new Set(['too_few_images', 'too_many_images']);

function summarise(images: readonly CatalogImage[], problems: readonly Problem[]): CheckSummary {
  const byCode: CheckSummary['byCode'] = {};
  const blocked = new Set<string>();
  for (const found of problems) {
    const entry = (byCode[found.code] ??= { problems: 0, images: 0 });
    entry.problems++;
    entry.images += found.imageIds.length;
    if (found.severity === 'error' && !SELECTION_CODES.has(found.code))
      for (const id of found.imageIds) blocked.add(id);
  }
  const errors = problems.filter((found) => found.severity === 'error').length;
  return {
    canUpload: errors === 0,
    selected: images.length,
    clean: images.length - blocked.size,
    errors,
    warnings: problems.length - errors,
    byCode,
  };
}

/** The problems of a selection, ordered by code (PROBLEM_CODES) and then by selection order. */
export function checkSelection(input: CheckSelectionInput): CheckReport {
  const { images, alreadyInStyle } = parseInput(checkSelectionInputSchema, input);
  const found = [
    ...images.flatMap(imageProblems),
    ...duplicateProblems(images),
    ...countProblems(images, alreadyInStyle),
  ];
  const rank = (code: ProblemCode) => PROBLEM_CODES.indexOf(code);
  const problems = found.sort((a, b) => rank(a.code) - rank(b.code)); // stable: selection order kept
  return { problems, summary: summarise(images, problems) };
}
