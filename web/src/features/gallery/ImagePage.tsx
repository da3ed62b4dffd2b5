// An image's page (being built: issue 13).
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../lib/trpc';

export function ImagePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { generationId = '' } = useParams();
  const image = useQuery(trpc.gallery.image.queryOptions({ generationId }));
  return <h1>{image.data ? t('gallery.title', { style: image.data.style.name }) : null}</h1>;
}
