/**
 * The library grid, virtualised (Allusion's way): rows of cells, only the visible rows in the DOM, so
 * only visible thumbnails are asked for; the studio is told which ones those are (keepThumbnails), so it
 * cancels the rest. One focusable listbox: arrows move, Shift extends, the cell in focus is its active
 * descendant.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorNotice, Spinner } from '@style-license/web/ui/Feedback';
import { studio } from '../../lib/studio';
import { useCurate } from '../curate/curate-store';
import { isFiltered } from '../curate/filter';
import { Preview } from '../curate/Preview';
import { cellId, GridCell } from './GridCell';
import { allIds, useCatalogImages } from './use-catalog';

const MIN_CELL = 150;
const CAPTION = 28;
const GAP = 8;

function useWidth(ref: React.RefObject<HTMLElement | null>) {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export function ImageGrid() {
  const { t } = useTranslation();
  const { images, total, pages, filter } = useCatalogImages();
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useWidth(scrollRef);
  const columns = Math.max(1, Math.floor((width - GAP) / (MIN_CELL + GAP)));
  const cell = Math.max(MIN_CELL, (width - GAP) / columns - GAP);
  const thumbSize = cell * (window.devicePixelRatio || 1) > 256 ? 512 : 256;
  const rows = Math.ceil(total / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => cell + CAPTION + GAP,
    overscan: 2,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, cell]);
  const visible = virtualizer.getVirtualItems();
  const first = (visible[0]?.index ?? 0) * columns;
  const last = ((visible.at(-1)?.index ?? -1) + 1) * columns;

  const selected = useCurate((s) => s.selected);
  const focus = useCurate((s) => s.focus);
  const sort = useCurate((s) => s.sort);
  const filtered = useCurate((s) => isFiltered(s.filter));
  const click = useCurate((s) => s.click);
  const move = useCurate((s) => s.move);
  const moveTo = useCurate((s) => s.moveTo);
  const selectIds = useCurate((s) => s.selectIds);
  const setPreview = useCurate((s) => s.setPreview);

  // The next page once the visible rows come near the end of what is loaded.
  useEffect(() => {
    if (last + columns * 2 >= images.length && pages.hasNextPage && !pages.isFetchingNextPage)
      void pages.fetchNextPage();
  }, [last, columns, images.length, pages]);

  // Thumbnails still being made for cells scrolled away are cancelled (debounced: scrolling is fast).
  const visibleKey = images
    .slice(first, last)
    .map((image) => image.id)
    .join(',');
  useEffect(() => {
    if (!visibleKey) return;
    const timer = setTimeout(
      () =>
        void studio.keepThumbnails({ ids: visibleKey.split(','), size: thumbSize }).catch(() => undefined),
      250,
    );
    return () => clearTimeout(timer);
  }, [visibleKey, thumbSize]);

  useEffect(() => {
    if (focus >= 0) virtualizer.scrollToIndex(Math.floor(focus / columns), { align: 'auto' });
  }, [focus, columns, virtualizer]);

  const onPress = useCallback(
    (index: number, event: MouseEvent) => {
      scrollRef.current?.focus({ preventScroll: true });
      click(index, { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
    },
    [click],
  );
  const onOpen = useCallback((index: number) => setPreview(index), [setPreview]);

  function onKeyDown(event: KeyboardEvent) {
    const extend = event.shiftKey;
    const step: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -columns,
      ArrowDown: columns,
    };
    if (event.key in step) move(step[event.key]!, extend);
    else if (event.key === 'Home') moveTo(0, extend);
    else if (event.key === 'End') moveTo(images.length - 1, extend);
    else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a')
      void allIds(filter, sort).then(selectIds);
    else if ((event.key === ' ' || event.key === 'Enter') && focus >= 0) setPreview(focus);
    else return;
    event.preventDefault();
  }

  const focusedId = images[focus]?.id;
  return (
    <section aria-label={t('desktop.grid.title')} className="flex min-h-0 flex-1 flex-col">
      {pages.isPending && <Spinner />}
      {pages.isError && <ErrorNotice error={pages.error} onRetry={() => void pages.refetch()} />}
      {pages.isSuccess && total === 0 && (
        <div className="p-4">
          <EmptyState title={filtered ? t('desktop.grid.noMatch') : t('desktop.grid.empty')} />
        </div>
      )}
      <div
        ref={scrollRef}
        role="listbox"
        aria-multiselectable="true"
        aria-label={t('desktop.grid.label', { count: total })}
        aria-activedescendant={focusedId ? cellId(focusedId) : undefined}
        tabIndex={0}
        data-grid
        onKeyDown={onKeyDown}
        className="min-h-0 flex-1 overflow-auto rounded-lg focus-visible:outline-2 focus-visible:outline-violet-600"
      >
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {visible.map((row) => (
            <div
              key={row.key}
              className="absolute left-0 flex w-full"
              style={{ top: row.start, height: cell + CAPTION, gap: GAP, paddingLeft: GAP }}
            >
              {Array.from({ length: columns }, (_, column) => {
                const index = row.index * columns + column;
                const image = images[index];
                if (index >= total) return null;
                return (
                  <div key={column} style={{ width: cell, height: cell + CAPTION }}>
                    {image ? (
                      <GridCell
                        image={image}
                        index={index}
                        selected={selected.has(image.id)}
                        focused={index === focus}
                        thumbSize={thumbSize}
                        onPress={onPress}
                        onOpen={onOpen}
                      />
                    ) : (
                      <div className="size-full animate-pulse rounded-lg bg-stone-200" />
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
      <Preview images={images} />
    </section>
  );
}
