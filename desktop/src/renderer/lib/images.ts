// What the grid shows of an image: its file name, and the problems visible from its own fields.
import { IMAGE_FORMATS } from '@style-license/shared';
import type { CatalogImage } from '../../core/model';
import { PLATFORM_MIN_SIDE } from '../../core/catalog/query';

export type VisibleProblem = 'corrupt' | 'too_small' | 'wrong_format';

export function problemsOf(image: CatalogImage): VisibleProblem[] {
  if (image.corrupt || image.format === null || image.width === null || image.height === null)
    return ['corrupt'];
  const found: VisibleProblem[] = [];
  if (image.width < PLATFORM_MIN_SIDE || image.height < PLATFORM_MIN_SIDE) found.push('too_small');
  if (!(IMAGE_FORMATS as readonly string[]).includes(image.format)) found.push('wrong_format');
  return found;
}

export const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export const thumbnailUrl = (id: string, size: number) =>
  `/media/thumbnail/${encodeURIComponent(id)}?size=${size}`;
export const originalUrl = (id: string) => `/media/original/${encodeURIComponent(id)}`;

/** Whether a key press happened while typing (then it is text, not a shortcut). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
