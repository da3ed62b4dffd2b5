// The images the server accepted for training, as its thumbnails, with their tags.
import { useTranslation } from 'react-i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@style-license/server';

type TrainingImage = inferRouterOutputs<AppRouter>['training']['images'][number];

export function TrainingImages({ images }: { images: TrainingImage[] }) {
  const { t } = useTranslation();
  if (images.length === 0) return <p className="text-sm text-stone-600">{t('studio.images.none')}</p>;
  return (
    <ul className="grid grid-cols-3 gap-2 sm:grid-cols-5 lg:grid-cols-6">
      {images.map((image) => (
        <li key={image.id} className="group relative overflow-hidden rounded-lg bg-stone-100">
          <img
            src={image.thumbnailUrl}
            alt={t('studio.images.alt', { name: image.fileName })}
            loading="lazy"
            className="aspect-square w-full object-cover"
          />
          {image.tags.length > 0 && (
            <span className="absolute right-1 bottom-1 max-w-[90%] truncate rounded bg-black/60 px-1.5 py-0.5 text-[11px] text-white">
              {image.tags.join(', ')}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
