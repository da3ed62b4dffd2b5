// The token packages on sale, each with its price in the page's language and a Buy button that starts
// a checkout. The package covering `need` (sent by the generate panel) is highlighted.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { ErrorNotice, Spinner } from '../../../components/ui/Feedback';
import { describeError } from '../../../lib/errors';
import { toast } from '../../../lib/toast';
import { useTRPC } from '../../../lib/trpc';
import { useLocale } from '../../../lib/use-locale';
import { choosePackage, formatMoney, formatPerToken } from '../money';
import { rememberCheckoutLocale, rememberReturnTo } from '../return-to';

export function Packages({ need, returnTo }: { need: number | null; returnTo: string | null }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = useLocale();
  const packages = useQuery(trpc.payments.packages.queryOptions());
  const [buying, setBuying] = useState<string | null>(null);
  // Back from the checkout, the browser may restore this page as it was left (the back/forward cache),
  // Buy buttons disabled mid-redirect: they are live again then.
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) setBuying(null);
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);
  const checkout = useMutation(
    trpc.payments.createCheckout.mutationOptions({
      onSuccess: ({ url }) => {
        rememberReturnTo(returnTo);
        rememberCheckoutLocale(locale);
        // `url` is the development checkout (`/dev-checkout/<id>`) or, with Stripe keys set, Stripe's hosted
        // Checkout page: either way a full-page redirect; both come back to `/?purchase=<id>`.
        window.location.assign(url);
      },
      onError: (error) => {
        setBuying(null);
        toast('error', describeError(error, t));
      },
    }),
  );

  if (packages.isPending) return <Spinner />;
  if (packages.isError) return <ErrorNotice error={packages.error} onRetry={() => void packages.refetch()} />;
  const chosen = choosePackage(packages.data, need);

  return (
    <section aria-labelledby="packages-title" className="mb-10">
      <h2 id="packages-title" className="mb-1 text-lg font-semibold text-stone-900">
        {t('tokens.packages.title')}
      </h2>
      <p className="mb-4 text-sm text-stone-600">{t('tokens.packages.checkout')}</p>
      <ul className="grid gap-4 sm:grid-cols-3">
        {packages.data.map((pkg) => {
          const price = formatMoney(pkg.amount, pkg.currency, locale);
          const highlighted = chosen?.id === pkg.id;
          return (
            <li
              key={pkg.id}
              data-testid={`package-${pkg.id}`}
              data-highlighted={highlighted || undefined}
              className={`flex flex-col rounded-xl border bg-white p-5 shadow-sm ${
                highlighted ? 'border-violet-500 ring-2 ring-violet-200' : 'border-stone-200'
              }`}
            >
              {chosen && (
                <div className="mb-3 flex min-h-6 items-center">
                  {highlighted && <Badge tone="accent">{t('tokens.packages.recommended')}</Badge>}
                </div>
              )}
              <p className="text-2xl font-semibold tracking-tight text-stone-900">
                {t('common.tokens', { count: pkg.tokens })}
              </p>
              <p className="mt-1 text-base text-stone-800">{price}</p>
              <p className="mt-0.5 text-xs text-stone-500">
                {t('tokens.packages.perToken', { price: formatPerToken(pkg, locale) })}
              </p>
              <Button
                className="mt-5 w-full"
                look={!chosen || highlighted ? 'primary' : 'secondary'}
                busy={buying === pkg.id}
                disabled={buying !== null}
                onClick={() => {
                  setBuying(pkg.id);
                  checkout.mutate({ packageId: pkg.id });
                }}
              >
                {t('tokens.packages.buy', { price })}
              </Button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
