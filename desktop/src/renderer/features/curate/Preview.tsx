// One picture full size (Space or Enter on the grid): arrows go to the next and previous, Esc closes.
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import type { CatalogImage } from '../../../core/model';
import { Modal } from '../../app/Modal';
import { fileName, originalUrl } from '../../lib/images';
import { useCurate } from './curate-store';

export function Preview({ images }: { images: CatalogImage[] }) {
  const { t } = useTranslation();
  const index = useCurate((s) => s.preview);
  const setPreview = useCurate((s) => s.setPreview);
  const moveTo = useCurate((s) => s.moveTo);
  const image = index === null ? undefined : images[index];
  const go = (to: number) => {
    if (to < 0 || to >= images.length) return;
    setPreview(to);
    moveTo(to, false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (index === null) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') go(index + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') go(index - 1);
    else return;
    event.preventDefault();
  };
  return (
    <Modal
      open={image !== undefined}
      onOpenChange={(open) => !open && setPreview(null)}
      title={image ? fileName(image.path) : ''}
      size="full"
      onKeyDown={onKeyDown}
    >
      {image && index !== null && (
        <div className="flex h-full flex-col gap-2">
          <img
            src={originalUrl(image.id)}
            alt={t('desktop.preview.alt', { name: fileName(image.path) })}
            className="min-h-0 flex-1 object-contain"
          />
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-stone-600">
            <Button look="secondary" size="sm" disabled={index === 0} onClick={() => go(index - 1)}>
              {t('desktop.preview.previous')}
            </Button>
            <span className="tabular-nums">
              {t('desktop.preview.position', { n: index + 1, count: images.length })}
              {image.width !== null && ` · ${image.width}×${image.height}`}
            </span>
            <Button
              look="secondary"
              size="sm"
              disabled={index >= images.length - 1}
              onClick={() => go(index + 1)}
            >
              {t('desktop.preview.next')}
            </Button>
          </div>
        </div>
      )}
    </Modal>
  );
}
