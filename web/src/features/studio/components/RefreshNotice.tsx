// A failed background refresh: TanStack Query v5 keeps the data and sets `isError`, so the page keeps
// showing it, with this small note and a Retry, instead of trading it for a full-page error.
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button';

export function RefreshNotice({
  query,
}: {
  query: { isRefetchError: boolean; isFetching: boolean; refetch: () => unknown };
}) {
  const { t } = useTranslation();
  if (!query.isRefetchError) return null;
  return (
    <p role="status" className="mb-3 flex flex-wrap items-center gap-2 text-sm text-amber-900">
      <span>{t('studio.refreshFailed')}</span>
      <Button look="ghost" size="sm" busy={query.isFetching} onClick={() => void query.refetch()}>
        {t('common.actions.retry')}
      </Button>
    </p>
  );
}
