// Two to four selected pictures side by side (C), to choose between near-identical takes.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../app/Modal';
import { fileName, originalUrl } from '../../lib/images';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { selectedInOrder, useCurate } from './curate-store';

export function Compare() {
  const { t } = useTranslation();
  const open = useCurate((s) => s.compare);
  const setCompare = useCurate((s) => s.setCompare);
  const ids = useCurate((s) => (s.compare ? selectedInOrder(s).slice(0, 4).join(',') : ''));
  const images = useQuery({
    queryKey: keys.selection(ids.split(',')),
    queryFn: () => studio.getImages({ ids: ids.split(',') }),
    enabled: open && ids !== '',
  });
  return (
    <Modal open={open} onOpenChange={setCompare} title={t('desktop.compare.title')} size="full">
      <ul className="grid h-full grid-cols-2 gap-3 lg:auto-cols-fr lg:grid-flow-col lg:grid-cols-none">
        {images.data?.map((image) => (
          <li key={image.id} className="flex min-h-0 flex-col gap-1">
            <img
              src={originalUrl(image.id)}
              alt={t('desktop.preview.alt', { name: fileName(image.path) })}
              className="min-h-0 flex-1 rounded bg-stone-100 object-contain"
            />
            <span className="truncate text-xs text-stone-700">
              {fileName(image.path)} · {image.width}×{image.height}
              {image.rating > 0 && ` · ${'★'.repeat(image.rating)}`}
            </span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
