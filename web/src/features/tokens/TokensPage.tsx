// Buying tokens and the token history. `?need=<tokens>&returnTo=<path>` comes from the generate panel when
// the buyer is short: the package that covers `need` is highlighted and the buyer can go back after paying.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { buttonClass } from '../../components/ui/Button';
import { PageHeader } from '../../components/ui/Page';
import { useTRPC } from '../../lib/trpc';
import { useLocale } from '../../lib/use-locale';
import { History } from './components/History';
import { Packages } from './components/Packages';
import { parseNeed } from './money';
import { localizeReturnTo, sanitizeReturnTo } from './return-to';

export function TokensPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = useLocale();
  const [params] = useSearchParams();
  const need = parseNeed(params.get('need'));
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  const balance = useQuery(trpc.tokens.balance.queryOptions());

  return (
    <>
      <PageHeader title={t('tokens.title')}>
        {balance.data && (
          <div className="rounded-xl border border-stone-200 bg-white px-4 py-2 text-right shadow-sm">
            <p className="text-xs text-stone-500">{t('tokens.balanceLabel')}</p>
            <p className="text-lg font-semibold text-stone-900 tabular-nums" data-testid="tokens-balance">
              {t('common.tokens', { count: balance.data.balance })}
            </p>
          </div>
        )}
      </PageHeader>
      <p className="-mt-3 mb-6 max-w-2xl text-stone-600">{t('tokens.intro')}</p>

      {need !== null && (
        <div
          role="note"
          className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-xl border border-violet-200 bg-violet-50 px-5 py-4"
        >
          <div>
            <p className="font-medium text-violet-950">{t('tokens.need.title', { count: need })}</p>
            {balance.data && (
              <p className="mt-0.5 text-sm text-violet-900">
                {t('tokens.need.body', { balance: balance.data.balance })}
              </p>
            )}
          </div>
          {returnTo && (
            <Link to={localizeReturnTo(returnTo, locale)} className={buttonClass('ghost', 'sm')}>
              {t('tokens.need.back')}
            </Link>
          )}
        </div>
      )}

      <Packages need={need} returnTo={returnTo} />
      <History />
    </>
  );
}
