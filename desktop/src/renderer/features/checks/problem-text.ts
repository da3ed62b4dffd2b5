// A check's problem in the artist's words, from its code and its numbers (sizes, limits, counts).
import type { TFunction } from 'i18next';
import type { Problem } from '../../../core/checks/index';

const num = (value: number | string | undefined) => Number(value ?? 0);
const megabytes = (bytes: number | string | undefined) => Math.round((num(bytes) / 1024 / 1024) * 10) / 10;

export function problemText(problem: Problem, t: TFunction): string {
  const d = problem.details;
  switch (problem.code) {
    case 'corrupt':
      return t('desktop.checks.problem.corrupt');
    case 'unsupported_format':
      return t('desktop.checks.problem.unsupported_format', { format: String(d.format ?? '').toUpperCase() });
    case 'too_small':
      return t('desktop.checks.problem.too_small', {
        width: num(d.width),
        height: num(d.height),
        min: num(d.minSide),
      });
    case 'file_too_large':
      return t('desktop.checks.problem.file_too_large', {
        size: megabytes(d.byteSize),
        max: megabytes(d.maxBytes),
      });
    case 'too_many_pixels':
      return t('desktop.checks.problem.too_many_pixels', {
        width: num(d.width),
        height: num(d.height),
        max: Math.round(num(d.maxPixels) / 1_000_000),
      });
    case 'identical_files':
      return t('desktop.checks.problem.identical_files', { count: num(d.images) });
    case 'near_duplicates':
      return t('desktop.checks.problem.near_duplicates', { count: num(d.images) });
    case 'too_few_images':
      return t('desktop.checks.problem.too_few_images', { count: num(d.count), min: num(d.min) });
    case 'too_many_images':
      return t('desktop.checks.problem.too_many_images', { count: num(d.count), max: num(d.max) });
  }
}

export function fixLabel(problem: Problem, action: Problem['fixes'][number], t: TFunction): string {
  if (action === 'keep_best_rated')
    return t('desktop.checks.fix.keep_best_rated', { count: num(problem.details.keep) });
  return t(`desktop.checks.fix.${action}`);
}
