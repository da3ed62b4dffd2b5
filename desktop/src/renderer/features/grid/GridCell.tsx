// One picture in the grid: its thumbnail, name, stars, pick flag, tag count and problem badges.
import { memo, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogImage } from '../../../core/model';
import { fileName, problemsOf, thumbnailUrl } from '../../lib/images';

export const cellId = (id: string) => `cell-${id}`;

function Stars({ rating }: { rating: number }) {
  const { t } = useTranslation();
  if (rating === 0) return null;
  return (
    <span className="text-amber-500" role="img" aria-label={t('desktop.grid.rating', { count: rating })}>
      {'★'.repeat(rating)}
    </span>
  );
}

export const GridCell = memo(function GridCell({
  image,
  index,
  selected,
  focused,
  thumbSize,
  onPress,
  onOpen,
}: {
  image: CatalogImage;
  index: number;
  selected: boolean;
  focused: boolean;
  thumbSize: number;
  onPress: (index: number, event: MouseEvent) => void;
  onOpen: (index: number) => void;
}) {
  const { t } = useTranslation();
  const problems = problemsOf(image);
  const name = fileName(image.path);
  const ring = selected
    ? 'border-violet-600 bg-violet-50 ring-2 ring-violet-500'
    : 'border-stone-200 bg-white hover:border-stone-400';
  return (
    <div
      id={cellId(image.id)}
      role="option"
      aria-selected={selected}
      aria-label={name}
      data-image-id={image.id}
      onMouseDown={(event) => event.preventDefault()}
      onClick={(event) => onPress(index, event)}
      onDoubleClick={() => onOpen(index)}
      className={`relative flex h-full cursor-default flex-col overflow-hidden rounded-lg border select-none ${ring} ${focused ? 'outline-2 outline-offset-1 outline-violet-800' : ''}`}
    >
      <div className="relative min-h-0 flex-1 bg-stone-100">
        {problems[0] !== 'corrupt' && (
          <img
            src={thumbnailUrl(image.id, thumbSize)}
            alt=""
            draggable={false}
            loading="lazy"
            decoding="async"
            className="size-full object-contain"
          />
        )}
        {image.pick !== 'none' && (
          <span
            className={`absolute top-1 left-1 rounded-full px-1.5 py-0.5 text-xs font-semibold text-white shadow ${image.pick === 'picked' ? 'bg-emerald-600' : 'bg-stone-700'}`}
          >
            {image.pick === 'picked' ? t('desktop.grid.picked') : t('desktop.grid.rejected')}
          </span>
        )}
        {problems.length > 0 && (
          <span className="absolute right-1 bottom-1 flex flex-wrap justify-end gap-1">
            {problems.map((problem) => (
              <span
                key={problem}
                className="rounded bg-red-700 px-1.5 py-0.5 text-[11px] font-medium text-white"
              >
                {t(`desktop.problems.short.${problem}`)}
              </span>
            ))}
          </span>
        )}
      </div>
      <div className="flex items-center gap-1 px-1.5 py-1 text-xs text-stone-700">
        <span className="min-w-0 flex-1 truncate" title={name}>
          {name}
        </span>
        <Stars rating={image.rating} />
        {image.tags.length > 0 && (
          <span className="shrink-0 rounded bg-stone-100 px-1 text-stone-600 tabular-nums">
            {t('desktop.grid.tagCount', { count: image.tags.length })}
          </span>
        )}
      </div>
    </div>
  );
});
