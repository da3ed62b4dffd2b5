// Where the buyer lands after the checkout (`/?purchase=<id>` is routed here). Tokens arrive only from the
// verified payment event, which may come a moment after the buyer, so the purchase is polled until it
// is settled: paid (the balance is refreshed), failed or expired. A cancelled checkout, or one still pending
// after a couple of minutes, is not polled on: the buyer can check again by hand.
import { skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { LocalLink } from '../../components/LocalLink';
import { Button, buttonClass } from '../../components/ui/Button';
import { ErrorNotice } from '../../components/ui/Feedback';
import { PageHeader } from '../../components/ui/Page';
import { useTRPC } from '../../lib/trpc';
import { useLocale } from '../../lib/use-locale';
import { formatMoney } from './money';
import { withLocale } from '../../lib/locale';
import {
  forgetCheckoutLocale,
  forgetReturnTo,
  localizeReturnTo,
  recallCheckoutLocale,
  recallReturnTo,
  returnToKind,
} from './return-to';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Fast while the payment event is most likely on its way, then gently (a cancelled checkout stays pending). */
export const POLL_MS = { first: 1_000, later: 5_000, switchAfter: 20_000, stopAfter: 120_000 } as const;

export function PurchaseReturnPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const locale = useLocale();
  const [params] = useSearchParams();
  const location = useLocation();
  const [checkoutLocale] = useState(recallCheckoutLocale);
  const raw = params.get('purchase');
  const id = raw && UUID.test(raw) ? raw : null;
  const cancelled = params.get('checkout') === 'cancelled';
  const [returnTo] = useState(recallReturnTo);
  const [startedAt] = useState(() => Date.now());
  const [slow, setSlow] = useState(false);
  const [gaveUp, setGaveUp] = useState(false);
  // Nothing will change a cancelled checkout, and one pending this long is most likely abandoned.
  const stopped = cancelled || gaveUp;

  const purchase = useQuery({
    ...trpc.payments.purchase.queryOptions(id ? { id } : skipToken),
    refetchInterval: (query) =>
      query.state.data?.status === 'pending' && !stopped
        ? Date.now() - startedAt < POLL_MS.switchAfter
          ? POLL_MS.first
          : POLL_MS.later
        : false,
  });
  const status = purchase.data?.status;
  const balance = useQuery({ ...trpc.tokens.balance.queryOptions(), enabled: status === 'paid' });

  useEffect(() => {
    if (status !== 'pending') return;
    const timer = setTimeout(() => setSlow(true), POLL_MS.switchAfter);
    const stop = setTimeout(() => setGaveUp(true), Math.max(0, POLL_MS.stopAfter - (Date.now() - startedAt)));
    return () => {
      clearTimeout(timer);
      clearTimeout(stop);
    };
  }, [status, startedAt]);

  useEffect(() => {
    if (!status || status === 'pending') return;
    forgetReturnTo();
    forgetCheckoutLocale();
    if (status === 'paid') {
      // The header's balance and the history were read before the tokens arrived.
      void queryClient.invalidateQueries({ queryKey: trpc.tokens.balance.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.tokens.history.pathKey() });
    }
  }, [status, queryClient, trpc]);

  const back = returnTo && status === 'paid' && (
    <Link to={localizeReturnTo(returnTo, locale)} className={buttonClass('primary')}>
      {t(`tokens.return.backTo.${returnToKind(returnTo)}`)}
    </Link>
  );

  // Back in the language the buyer paid in (the checkout's return address carries none).
  if (checkoutLocale && checkoutLocale !== locale) {
    return <Navigate replace to={`${withLocale(location.pathname, checkoutLocale)}${location.search}`} />;
  }

  let body;
  if (!id) {
    body = <Outcome tone="bad" title={t('tokens.return.missing')} />;
  } else if (purchase.isLoadingError) {
    // Only when nothing was read: a failed poll after that keeps showing the purchase as it was.
    body = <ErrorNotice error={purchase.error} onRetry={() => void purchase.refetch()} />;
  } else if (!purchase.data || status === 'pending') {
    body = (
      <Outcome
        tone={stopped && purchase.data ? 'paused' : 'busy'}
        title={cancelled ? t('tokens.return.cancelled') : t('tokens.return.waiting')}
        text={(slow || gaveUp) && !cancelled ? t('tokens.return.waitingLong') : undefined}
      >
        {stopped && purchase.data && (
          <Button
            look="secondary"
            size="sm"
            className="mt-2"
            busy={purchase.isFetching}
            onClick={() => void purchase.refetch()}
          >
            {t('tokens.return.checkAgain')}
          </Button>
        )}
      </Outcome>
    );
  } else {
    const p = purchase.data;
    const summary = t('tokens.return.summary', {
      tokens: t('common.tokens', { count: p.tokens }),
      price: formatMoney(p.amount, p.currency, locale),
    });
    body =
      status === 'paid' ? (
        <Outcome
          tone="good"
          title={t('tokens.return.paid')}
          text={t('tokens.return.paidBody', { count: p.tokens })}
        >
          <p className="text-sm text-stone-500">{summary}</p>
          {balance.data && (
            <p className="mt-4 text-stone-700">
              {t('tokens.return.newBalance')}{' '}
              <strong className="text-stone-900 tabular-nums" data-testid="new-balance">
                {t('common.tokens', { count: balance.data.balance })}
              </strong>
            </p>
          )}
        </Outcome>
      ) : (
        <Outcome
          tone="bad"
          title={status === 'expired' ? t('tokens.return.expired') : t('tokens.return.failed')}
          text={status === 'expired' ? t('tokens.return.expiredBody') : t('tokens.return.failedBody')}
        >
          <p className="text-sm text-stone-500">{summary}</p>
        </Outcome>
      );
  }

  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title={t('tokens.return.title')} />
      <div className="rounded-2xl border border-stone-200 bg-white p-6 shadow-sm sm:p-8">
        {body}
        <div className="mt-6 flex flex-col gap-3 sm:flex-row">
          {back}
          <LocalLink to="/tokens" className={buttonClass(back ? 'secondary' : 'primary')}>
            {status === 'failed' || status === 'expired'
              ? t('tokens.return.tryAgain')
              : t('tokens.return.toTokens')}
          </LocalLink>
        </div>
      </div>
    </div>
  );
}

const ICON = {
  good: { ring: 'bg-emerald-100 text-emerald-700', path: 'M5 12l5 5L20 7' },
  bad: { ring: 'bg-red-100 text-red-700', path: 'M6 6l12 12M18 6L6 18' },
  busy: { ring: 'bg-violet-100 text-violet-700', path: '' },
  paused: { ring: 'bg-stone-100 text-stone-600', path: 'M12 7v5l3 3' },
} as const;

function Outcome({
  tone,
  title,
  text,
  children,
}: {
  tone: keyof typeof ICON;
  title: string;
  text?: string;
  children?: ReactNode;
}) {
  const icon = ICON[tone];
  return (
    <div role={tone === 'busy' ? 'status' : undefined} className="flex gap-4">
      <span
        aria-hidden="true"
        className={`flex size-11 shrink-0 items-center justify-center rounded-full ${icon.ring}`}
      >
        {tone === 'busy' ? (
          <span className="size-5 animate-spin rounded-full border-2 border-current border-r-transparent" />
        ) : (
          <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2.5">
            <path d={icon.path} strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        )}
      </span>
      <div className="min-w-0 flex-1">
        <h2 className="text-xl font-semibold text-stone-900" data-testid="outcome">
          {title}
        </h2>
        {text && <p className="mt-1 text-stone-700">{text}</p>}
        {children && <div className="mt-2">{children}</div>}
      </div>
    </div>
  );
}
