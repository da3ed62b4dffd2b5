// What a page shows when its code or data could not load (a chunk from a replaced build, a dropped
// connection): a way to reload inside the usual frame, never React Router's developer screen.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { Button } from '../components/ui/Button';
import { PageHeader } from '../components/ui/Page';

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  useEffect(() => console.error('page failed to load', error), [error]);
  return (
    <div className="mx-auto max-w-lg py-10">
      <PageHeader title={t('common.routeError.title')} />
      <p className="mb-6 text-stone-700">{t('common.routeError.body')}</p>
      <Button onClick={() => window.location.reload()}>{t('common.routeError.reload')}</Button>
    </div>
  );
}
